//! R rules on the request itself: its dates, its quantity and its school
//! year (R201, R202, R203, R207, R215, R219, R220). One file per rule.

pub mod r201_end_before_start;
pub mod r202_before_vov;
pub mod r203_below_minimum;
pub mod r207_late_enrolment;
pub mod r215_spans_school_years;
pub mod r219_hire_after_end;
pub mod r220_hire_in_future;

pub use r201_end_before_start::R201;
pub use r202_before_vov::R202;
pub use r203_below_minimum::R203;
pub use r207_late_enrolment::R207;
pub use r215_spans_school_years::R215;
pub use r219_hire_after_end::R219;
pub use r220_hire_in_future::R220;
