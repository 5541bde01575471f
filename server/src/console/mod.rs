//! The seller console: the people who sign in and what they may do. (Pages and sessions
//! come next; accounts and the CLI that manages them come first.)

pub mod accounts;
