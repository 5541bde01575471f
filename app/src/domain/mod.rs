//! Pure domain logic: no I/O, no framework types. Everything here compiles for the
//! browser and the server alike and is tested next to the code.

/// Declares a fieldless enum and its `ALL` (every variant, in declaration order) from one list
/// of variants, so a list can never miss one.
macro_rules! listed_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$variant_meta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        $vis enum $name {
            $($(#[$variant_meta])* $variant),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [Self; [$(stringify!($variant)),+].len()] = [$(Self::$variant),+];
        }
    };
}

/// A [`listed_enum!`] whose variants each have a stable code: `code()` and `parse()`.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        listed_enum! {
            $(#[$meta])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
            $vis enum $name { $($variant),+ }
        }

        impl $name {
            /// The stable code stored and sent over the API.
            pub fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }

            pub fn parse(code: &str) -> Result<Self, String> {
                Self::ALL.into_iter().find(|v| v.code() == code).ok_or_else(|| {
                    let known: Vec<&str> = Self::ALL.iter().map(|v| v.code()).collect();
                    format!("must be one of {}", known.join(", "))
                })
            }
        }
    };
}

pub mod account;
pub mod attention;
pub mod calendar;
pub mod design;
pub mod engagement;
pub mod eta;
pub mod event;
pub mod feedback;
mod field_error;
pub mod gamification;
pub mod geo;
pub mod json;
pub mod milestone;
#[cfg(not(target_arch = "wasm32"))]
pub mod normalise;
pub mod performance;
pub mod share;
pub mod shipment;
pub mod shipment_state;
pub mod token;
pub mod tracking_number;
pub mod values;
pub mod wismo;

pub use event::{EventCode, TrackingEvent};
pub use field_error::FieldError;
pub use geo::{GeoError, GeoPoint, Latitude, Longitude};
pub use milestone::{Milestone, Progress};
pub use shipment_state::{fold, ShipmentState, ShipmentStatus};
pub use token::{ShopperToken, TokenError};
pub use tracking_number::{TrackingNumber, TrackingNumberError};
