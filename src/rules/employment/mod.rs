//! R rules on the employment and the establishment: R208 (employment
//! percentage) and R217 (establishment outside the Flemish Region).

pub mod r208_low_employment;
pub mod r217_outside_flanders;

pub use r208_low_employment::R208;
pub use r217_outside_flanders::R217;
