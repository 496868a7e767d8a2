//! R rules on the employment and the establishment: R208 (employment
//! percentage), R217 (establishment outside the Flemish Region) and R222
//! (hours a week).

pub mod r208_low_employment;
pub mod r217_outside_flanders;
pub mod r222_under_weekly_hours;

pub use r208_low_employment::R208;
pub use r217_outside_flanders::R217;
pub use r222_under_weekly_hours::R222;
