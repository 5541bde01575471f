//! The shopper's rewards: journey levels, badges, reward cards and points on the journey page,
//! the leaderboard at `/leaderboard` and the shopper's own page at `/t/{token}/rewards`.

pub mod journey;
pub mod leaderboard;
pub mod mine;
