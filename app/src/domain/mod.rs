//! Pure domain logic: no I/O, no framework types. Everything here compiles for the
//! browser and the server alike and is tested next to the code.

pub mod geo;
pub mod milestone;
pub mod token;
pub mod tracking_number;

pub use geo::{GeoError, GeoPoint, Latitude, Longitude};
pub use milestone::{Milestone, Progress};
pub use token::{ShopperToken, TokenError};
pub use tracking_number::{TrackingNumber, TrackingNumberError};
