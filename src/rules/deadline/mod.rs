//! The submission window: R204 (deadline passed), R205 (too early), R206
//! (deadline near) and R216 (new hire). The dates they count from and to
//! are the regulation's ([`crate::regulation::last_day_of`],
//! [`crate::calendar`]); which of them stops another is written in
//! [`crate::relations`].

pub mod r204_deadline_passed;
pub mod r205_too_early;
pub mod r206_deadline_near;
pub mod r216_new_hire_deadline;

pub use r204_deadline_passed::R204;
pub use r205_too_early::R205;
pub use r206_deadline_near::R206;
pub use r216_new_hire_deadline::R216;

use crate::field::Field;
use crate::model::Request;

/// The field a deadline counts from: the inschrijvingsdatum when a late
/// enrolment moved the reference start (R207), else the startdatum.
pub(crate) fn reference_field(request: &Request) -> Field {
    if request.reference_start() != request.startdatum {
        Field::Inschrijvingsdatum
    } else {
        Field::Startdatum
    }
}
