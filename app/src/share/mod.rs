//! Sharing a journey: the share panel on the shopper's journey page, and the public page at
//! `/s/{slug}` (its own view, never the journey page's), live while the parcel moves.

#[cfg(feature = "hydrate")]
mod browser;
pub mod page;
pub mod panel;
