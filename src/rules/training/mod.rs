//! R rules on the training: its unit and rate (R209, R210, R221), the
//! special ODB numbers (R211, R212, R213, R218), the contract (R214) and
//! the activities excluded by name (R223).
//! One file per rule.

pub mod r209_hbo5_rate;
pub mod r210_evc_hours;
pub mod r211_pop_attachments;
pub mod r212_credit_contract_attachments;
pub mod r213_exam_commission;
pub mod r214_exam_contract;
pub mod r218_module_of_special;
pub mod r221_exams_elsewhere;
pub mod r223_excluded_activity;

pub use r209_hbo5_rate::R209;
pub use r210_evc_hours::R210;
pub use r211_pop_attachments::R211;
pub use r212_credit_contract_attachments::R212;
pub use r213_exam_commission::R213;
pub use r214_exam_contract::R214;
pub use r218_module_of_special::R218;
pub use r221_exams_elsewhere::R221;
pub use r223_excluded_activity::R223;

use crate::field::Field;
use crate::model::{Diagnostic, Severity};
use crate::rules::{Context, Rule};

/// A finding of `rule` with the rule's own fix as its help.
pub(crate) fn diagnostic(
    rule: &Rule,
    severity: Severity,
    field: Option<Field>,
    value: Option<String>,
    message: String,
    ctx: &Context,
) -> Diagnostic {
    rule.diagnostic(severity, field, value, message, ctx.lang)
}
