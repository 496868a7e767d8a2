//! V112 lives in [`crate::rules::value::v112_invalid_text`] with the other V
//! rules; this path stays for `crate::rules::v112_invalid_text::...` users.

pub use crate::rules::value::v112_invalid_text::*;
