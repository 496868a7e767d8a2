//! R216 new-hire-deadline: only the deadline counted from the hire date keeps the request in time.

use crate::field::Field;
use crate::lang::trf;
use crate::model::{Diagnostic, Request, Severity};
use crate::regulation::{last_day_of, last_day_to_submit};
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::date::format_be;

/// The rule R216: its code, name, severity and texts in every language.
pub const R216: Rule = Rule {
    code: crate::code::Code::R216,
    name: "new-hire-deadline",
    severity: "warning",
    summary: Text {
        nl: "Enkel de termijn vanaf de indiensttreding houdt de aanvraag tijdig.",
        fr: "Seul le délai compté à partir de l'entrée en service maintient la demande dans les temps.",
        en: "Only the deadline counted from the hire date keeps the request in time.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De indiensttreding is later dan de referentiestart. De termijn wordt dan ook vanaf de indiensttreding berekend en de latere van de twee geldt. Als enkel die tweede termijn de aanvraag tijdig houdt, volgt deze waarschuwing.",
            fr: "L'entrée en service est postérieure au début de référence. Le délai est alors aussi calculé à partir de l'entrée en service, et le plus tardif des deux s'applique. Si seul ce second délai maintient la demande dans les temps, cet avertissement suit.",
            en: "The hire date is later than the reference start. The deadline is then also computed from the hire date and the later of the two applies. When only that second deadline keeps the request in time, this warning follows.",
        },
        why: Text {
            nl: "'Voor nieuwe werknemers moet u binnen de termijn van drie maanden na indiensttreding een terugbetalingsaanvraag indienen.' U geeft als startdatum toch de start van de opleiding in; WSE kan een weigeringsmail wegens laattijdigheid sturen.",
            fr: "'Pour les nouveaux travailleurs, vous devez introduire une demande de remboursement dans le délai de trois mois après l'entrée en service.' Comme date de début, vous indiquez toutefois le début de la formation; WSE peut envoyer un e-mail de refus pour cause de tardiveté.",
            en: "'For new employees you must submit a request within three months after the hire date.' The startdatum is still the start of the training; WSE may send a refusal for lateness.",
        },
        source: Text {
            nl: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', rubriek 'Pas aangeworven werknemers'",
            fr: "vlaanderen.be, « Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever », rubrique « Pas aangeworven werknemers » (travailleurs nouvellement engagés)",
            en: "vlaanderen.be, 'Aanvraag Vlaams opleidingsverlof en terugbetaling voor werkgever', section 'Pas aangeworven werknemers' (new hires)",
        },
        fix: Text {
            nl: "Dien in. Krijgt u een weigering wegens laattijdigheid, mail dan het dossiernummer (VG-VOV-...) naar vlaamsopleidingsverlof@vlaanderen.be en voeg in het WSE-loket een bewijs van de indiensttreding toe.",
            fr: "Introduisez la demande. Si vous recevez un refus pour cause de tardiveté, envoyez le numéro de dossier (VG-VOV-...) par e-mail à vlaamsopleidingsverlof@vlaanderen.be et ajoutez une preuve de l'entrée en service au dossier dans le guichet WSE (WSE-loket).",
            en: "Submit. If a refusal for lateness follows, mail the dossier number (VG-VOV-...) to vlaamsopleidingsverlof@vlaanderen.be and add proof of the hire date to the dossier in the WSE-loket.",
        },
        example: Text {
            nl: "Start 01/09/2026, indiensttreding 01/11/2026, --as-of 2026-12-15: de termijn vanaf de start liep tot 30/11/2026, die vanaf de indiensttreding loopt tot 31/01/2027: R216.",
            fr: "Début 01/09/2026, entrée en service 01/11/2026, --as-of 2026-12-15: le délai compté à partir du début courait jusqu'au 30/11/2026, celui compté à partir de l'entrée en service court jusqu'au 31/01/2027: R216.",
            en: "Start 01/09/2026, hired 01/11/2026, --as-of 2026-12-15: the deadline from the start ran to 30/11/2026, the one from the hire date runs to 31/01/2027: R216.",
        },
    },
};

/// R216 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    let by_reference = last_day_to_submit(request.reference_start());
    let last_day = last_day_of(request);
    // Late by the start, in time by the hire date: past both it is R204's.
    let only_by_hire = by_reference < ctx.as_of && ctx.as_of <= last_day;
    if only_by_hire {
        if let Some(hired) = request.indiensttreding {
            out.push(Diagnostic {
                code: R216.code,
                severity: Severity::Warning,
                field: Some(Field::Indiensttreding),
                value: Some(format_be(hired)),
                message: trf!(lang,
                    nl: "enkel tijdig dankzij de indiensttreding: termijn vanaf de start liep tot {}, vanaf de indiensttreding ({}) loopt ze tot {}",
                    fr: "dans les temps uniquement grâce à l'entrée en service: le délai compté à partir du début courait jusqu'au {}, à partir de l'entrée en service ({}) il court jusqu'au {}",
                    en: "in time only thanks to the hire date: the deadline from the start ran to {}, from the hire date ({}) it runs to {}",
                    format_be(by_reference),
                    format_be(hired),
                    format_be(last_day),
                ),
                help: R216.explanation.fix.get(lang).into(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::rules::test_support::{codes, date, request};

    #[test]
    fn day_before_day_of_and_day_after_each_deadline() {
        let mut r = request();
        r.startdatum = date(2026, 9, 1);
        r.einddatum = date(2027, 6, 30);
        r.indiensttreding = Some(date(2026, 11, 1));
        let at = |as_of| codes(&r, as_of, check);
        // From the start: last day 30/11/2026. From the hire date: 31/01/2027.
        assert!(at(date(2026, 11, 30)).is_empty());
        assert_eq!(at(date(2026, 12, 1)), vec!["R216"]);
        assert_eq!(at(date(2027, 1, 31)), vec!["R216"]);
        assert!(at(date(2027, 2, 1)).is_empty(), "past both deadlines it is R204's");
    }

    #[test]
    fn not_raised_for_a_hire_date_before_the_start() {
        let mut r = request();
        r.startdatum = date(2026, 9, 1);
        r.indiensttreding = Some(date(2020, 1, 1));
        assert!(codes(&r, date(2026, 12, 1), check).is_empty());
    }

    #[test]
    fn in_french_the_message_names_both_deadlines() {
        let mut r = request();
        r.startdatum = date(2026, 9, 1);
        r.einddatum = date(2027, 6, 30);
        r.indiensttreding = Some(date(2026, 11, 1));
        let ctx = Context {
            lang: Lang::Fr,
            ..Context::for_tests(date(2026, 12, 1))
        };
        let mut out = Vec::new();
        check(&r, &ctx, &mut out);
        assert_eq!(
            out[0].message,
            "dans les temps uniquement grâce à l'entrée en service: le délai compté à partir du début courait jusqu'au \
             30/11/2026, à partir de l'entrée en service (01/11/2026) il court jusqu'au 31/01/2027"
        );
    }
}
