//! R223 excluded-activity: from school year 2025-2026 (the school years of
//! the table with `excluded_activities`), a training whose title names an
//! activity that gives no right to VOV: onboarding, a sponsor's guidance,
//! training videos, lunch-and-learn, company theatre, a learning network,
//! intervision (RULES.md rev 3).
//!
//! The title is read as words: split on everything that is not a letter or
//! a digit, accents dropped (NFD without combining marks), case folded; an
//! activity is a sequence of such words (`lunch & learn`, `Lunch&Learn` and
//! `lunch-and-learn` are `lunch learn` or `lunch and learn`). Whole words
//! only: `Meterkast` is not `meter`, `Peterselie` is not `peter`.

use unicode_normalization::UnicodeNormalization;

use crate::calendar::school_year_name;
use crate::field::Field;
use crate::lang::{tr, trf, Lang};
use crate::model::{Diagnostic, Request, Severity};
use crate::regulation::{figures_of, Regulation};
use crate::rules::{Context, Explanation, Rule, Text};
use crate::values::TrainingType;

use super::diagnostic;

/// The rule R223: its code, name, severity and texts in every language.
pub const R223: Rule = Rule {
    code: crate::code::Code::R223,
    name: "excluded-activity",
    severity: "warning",
    summary: Text {
        nl: "Vanaf 2025-2026: de titel noemt een activiteit die geen recht geeft op VOV (onboarding, peter/meter, opleidingsvideo's, lunch & learn, bedrijfstheater, lerend netwerk, intervisie).",
        fr: "À partir de 2025-2026: le titre nomme une activité qui ne donne pas droit au VOV (onboarding, parrain/marraine, vidéos de formation, lunch & learn, théâtre d'entreprise, réseau d'apprentissage, intervision).",
        en: "From 2025-2026: the title names an activity that gives no right to VOV (onboarding, sponsor, training videos, lunch & learn, company theatre, learning network, intervision).",
    },
    explanation: Explanation {
        what: Text {
            nl: "In de schooljaren waarin de regelgevingstabel activiteiten uitsluit (vanaf 2025-2026; de startdatum, of de latere inschrijvingsdatum, beslist het schooljaar) wordt titel opleiding gelezen als woorden: gesplitst op alles wat geen letter of cijfer is, zonder accenten en hoofdletters. Een waarschuwing als de titel een van deze activiteiten noemt, in het Nederlands, Frans of Engels: een onthaal- of welkomstprogramma (onboarding, onthaaltraject, onthaalprogramma, welkomstprogramma, welcome programme, programme d'accueil); de begeleiding van een nieuwe collega door een peter of meter (peter, meter, peterschap, meterschap, parrain, marraine, parrainage, buddy); een online aanbod van opleidingsvideo's (opleidingsvideo, leervideo, vidéos de formation, training videos); een lunch & learn (ook lunch and learn, lunch en learn, Lunch&Learn, lunch-and-learn); bedrijfstheater (théâtre d'entreprise, company theatre of theater); een lerend netwerk (lerende netwerken, leernetwerk, réseau d'apprentissage, learning network); intervisie (intervision). Enkel hele woorden: 'Meterkast installeren' en 'Peterselie kweken' worden niet gemeld. Gekozen: een mentoropleiding (opleidingstype = mentor) is geen begeleiding door een peter of meter, dus de woorden van die groep worden daar niet gemeld; de andere groepen wel. De melding noemt de gevonden woorden en hun groep.",
            fr: "Pendant les années scolaires où le tableau de réglementation exclut des activités (à partir de 2025-2026; la date de début, ou la date d'inscription si elle est postérieure, décide de l'année scolaire), l'intitulé de la formation est lu comme des mots: découpé sur tout ce qui n'est pas une lettre ou un chiffre, sans accents ni majuscules. Un avertissement si le titre nomme une de ces activités, en néerlandais, en français ou en anglais: un programme d'accueil (onboarding, onthaaltraject, onthaalprogramma, welkomstprogramma, welcome programme, programme d'accueil); l'accompagnement d'un nouveau collègue par un parrain ou une marraine (peter, meter, peterschap, meterschap, parrain, marraine, parrainage, buddy); une offre en ligne de vidéos de formation (opleidingsvideo, leervideo, vidéos de formation, training videos); un lunch & learn (aussi lunch and learn, lunch en learn, Lunch&Learn, lunch-and-learn); le théâtre d'entreprise (bedrijfstheater, company theatre ou theater); un réseau d'apprentissage (lerend netwerk, lerende netwerken, leernetwerk, learning network); l'intervision (intervisie). Seulement des mots entiers: 'Meterkast installeren' et 'Peterselie kweken' ne sont pas signalés. Choix fait: une formation de mentor (type de formation = mentor) n'est pas l'accompagnement par un parrain ou une marraine, ces mots-là n'y sont donc pas signalés; les autres groupes bien. Le message cite les mots trouvés et leur groupe.",
            en: "In the school years in which the regulation table excludes activities (from 2025-2026; the start date, or the later enrolment date, decides the school year) opleiding_titel is read as words: split on everything that is not a letter or a digit, accents and case folded. A warning when the title names one of these activities, in Dutch, French or English: an onboarding or welcome programme (onboarding, onthaaltraject, onthaalprogramma, welkomstprogramma, welcome programme, programme d'accueil); the guidance of a new colleague by a sponsor (peter, meter, peterschap, meterschap, parrain, marraine, parrainage, buddy); an online offer of training videos (opleidingsvideo, leervideo, vidéos de formation, training videos); a lunch & learn (also lunch and learn, lunch en learn, Lunch&Learn, lunch-and-learn); company theatre (bedrijfstheater, théâtre d'entreprise, company theatre or theater); a learning network (lerend netwerk, lerende netwerken, leernetwerk, réseau d'apprentissage); intervision (intervisie). Whole words only: 'Meterkast installeren' and 'Peterselie kweken' are not raised. Choice made: a mentor training (opleidingstype = mentor) is not a sponsor's guidance, so that group's words are not raised on it; the other groups are. The message names the words found and their group.",
        },
        why: Text {
            nl: "Vanaf 2025-2026 geven deze activiteiten uitdrukkelijk geen recht meer op VOV (besluit van 2025 tot wijziging van artikel 2 van het besluit van 21 december 2018; Vlaamse Regering, 25 april 2025). Een waarschuwing, geen fout: een titel is geen bewijs. Een opleiding over intervisietechnieken of een titel die toevallig zo'n woord draagt, kan wel recht geven; de klerk beslist met het inschrijvingsattest en de inhoud van de opleiding.",
            fr: "À partir de 2025-2026, ces activités ne donnent expressément plus droit au VOV (l'arrêté de 2025 modifiant l'article 2 de l'arrêté du 21 décembre 2018; Gouvernement flamand, 25 avril 2025). Un avertissement, pas une erreur: un titre n'est pas une preuve. Une formation aux techniques d'intervision ou un titre qui porte un tel mot par hasard peut bien donner droit au VOV; le gestionnaire décide avec l'attestation d'inscription et le contenu de la formation.",
            en: "From 2025-2026 these activities expressly give no right to VOV any more (the order of 2025 amending article 2 of the order of 21 December 2018; Flemish Government, 25 April 2025). A warning, not an error: a title is not proof. A training in intervision techniques, or a title that happens to carry such a word, may still give a right; the clerk decides with the enrolment certificate and the training's content.",
        },
        source: Text {
            nl: "het besluit van 2025 tot wijziging van artikel 2 van het besluit van 21 december 2018 (activiteiten die bij naam uitgesloten zijn); Vlaamse Regering, persbericht van 25 april 2025; de schooljaartabel van `vov-bulk regulation` (excluded_activities)",
            fr: "l'arrêté de 2025 modifiant l'article 2 de l'arrêté du 21 décembre 2018 (activités exclues nommément); Gouvernement flamand, communiqué de presse du 25 avril 2025; le tableau des années scolaires de `vov-bulk regulation` (excluded_activities)",
            en: "the order of 2025 amending article 2 of the order of 21 December 2018 (activities excluded by name); Flemish Government, press release of 25 April 2025; the school-year table of `vov-bulk regulation` (excluded_activities)",
        },
        fix: Text {
            nl: "Controleer de inhoud van de opleiding. Is het een uitgesloten activiteit, dien dan niet in. Is het een gewone opleiding waarvan de titel toevallig zo'n woord draagt, dien dan in en bewaar het programma.",
            fr: "Vérifiez le contenu de la formation. S'il s'agit d'une activité exclue, n'introduisez pas la demande. S'il s'agit d'une formation ordinaire dont le titre porte un tel mot par hasard, introduisez-la et conservez le programme.",
            en: "Check the training's content. If it is an excluded activity, do not submit. If it is an ordinary training whose title happens to carry such a word, submit and keep the programme.",
        },
        example: Text {
            nl: "'Lunch & Learn Excel' met start 01/09/2025: waarschuwing (lunch & learn); met start 31/08/2025: niets (schooljaar 2024-2025). 'Intervisie coaches': waarschuwing. 'Meterkast installeren': niets. Opleidingstype mentor met titel 'Opleiding meter': niets; met titel 'Intervisie mentoren': waarschuwing.",
            fr: "'Lunch & Learn Excel' avec début le 01/09/2025: avertissement (lunch & learn); avec début le 31/08/2025: rien (année scolaire 2024-2025). 'Intervisie coaches': avertissement. 'Meterkast installeren': rien. Opleidingstype mentor avec le titre 'Opleiding meter': rien; avec le titre 'Intervisie mentoren': avertissement.",
            en: "'Lunch & Learn Excel' starting 01/09/2025: warning (lunch & learn); starting 31/08/2025: nothing (school year 2024-2025). 'Intervisie coaches': warning. 'Meterkast installeren': nothing. Training type mentor titled 'Opleiding meter': nothing; titled 'Intervisie mentoren': warning.",
        },
    },
};

/// The groups of excluded activities, as the order names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Activity {
    Onboarding,
    Sponsor,
    TrainingVideos,
    LunchAndLearn,
    CompanyTheatre,
    LearningNetwork,
    Intervision,
}

impl Activity {
    fn name(self, lang: Lang) -> &'static str {
        match self {
            Activity::Onboarding => tr!(lang,
                nl: "onthaal- of welkomstprogramma",
                fr: "programme d'accueil",
                en: "onboarding or welcome programme",
            ),
            Activity::Sponsor => tr!(lang,
                nl: "begeleiding door een peter of meter",
                fr: "accompagnement par un parrain ou une marraine",
                en: "guidance by a sponsor",
            ),
            Activity::TrainingVideos => tr!(lang,
                nl: "online aanbod van opleidingsvideo's",
                fr: "offre en ligne de vidéos de formation",
                en: "online offer of training videos",
            ),
            Activity::LunchAndLearn => tr!(lang,
                nl: "lunch & learn",
                fr: "lunch & learn (formation pendant le lunch)",
                en: "lunch-and-learn session",
            ),
            Activity::CompanyTheatre => tr!(lang,
                nl: "bedrijfstheater",
                fr: "théâtre d'entreprise",
                en: "company theatre",
            ),
            Activity::LearningNetwork => tr!(lang,
                nl: "lerend netwerk",
                fr: "réseau d'apprentissage",
                en: "learning network",
            ),
            Activity::Intervision => tr!(lang,
                nl: "intervisie",
                fr: "intervision entre pairs",
                en: "intervision",
            ),
        }
    }
}

/// Each activity with the word sequences that name it, folded (lower case,
/// no accents) and split as titles are.
const WORDS: &[(Activity, &[&[&str]])] = &[
    (
        Activity::Onboarding,
        &[
            &["onboarding"],
            &["onthaaltraject"],
            &["onthaalprogramma"],
            &["welkomstprogramma"],
            &["welkomsttraject"],
            &["welcome", "programme"],
            &["welcome", "program"],
            &["programme", "d", "accueil"],
        ],
    ),
    (
        Activity::Sponsor,
        &[
            &["peter"],
            &["meter"],
            &["peterschap"],
            &["meterschap"],
            &["parrain"],
            &["marraine"],
            &["parrainage"],
            &["buddy"],
        ],
    ),
    (
        Activity::TrainingVideos,
        &[
            &["opleidingsvideo"],
            &["opleidingsvideos"],
            &["leervideo"],
            &["leervideos"],
            &["videos", "de", "formation"],
            &["video", "de", "formation"],
            &["training", "videos"],
            &["training", "video"],
        ],
    ),
    (
        Activity::LunchAndLearn,
        &[
            &["lunch", "learn"],
            &["lunch", "and", "learn"],
            &["lunch", "en", "learn"],
            &["lunch", "et", "learn"],
            &["lunch", "n", "learn"],
        ],
    ),
    (
        Activity::CompanyTheatre,
        &[
            &["bedrijfstheater"],
            &["theatre", "d", "entreprise"],
            &["theatre", "en", "entreprise"],
            &["company", "theatre"],
            &["company", "theater"],
        ],
    ),
    (
        Activity::LearningNetwork,
        &[
            &["lerend", "netwerk"],
            &["lerende", "netwerk"],
            &["lerende", "netwerken"],
            &["leernetwerk"],
            &["leernetwerken"],
            &["reseau", "d", "apprentissage"],
            &["reseaux", "d", "apprentissage"],
            &["learning", "network"],
            &["learning", "networks"],
        ],
    ),
    (
        Activity::Intervision,
        &[&["intervisie"], &["intervisies"], &["intervision"], &["intervisions"]],
    ),
];

/// One word of a title: its folded form and where it stands in the title.
struct Word {
    folded: String,
    start: usize,
    end: usize,
}

/// The words of `title`: its runs of letters and digits, each folded.
fn words(title: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for (at, c) in title.char_indices() {
        if c.is_alphanumeric() {
            let end = at + c.len_utf8();
            current = Some(current.map_or((at, end), |(start, _)| (start, end)));
        } else if let Some((start, end)) = current.take() {
            out.push(fold(title, start, end));
        }
    }
    if let Some((start, end)) = current {
        out.push(fold(title, start, end));
    }
    out
}

fn fold(title: &str, start: usize, end: usize) -> Word {
    let folded = title[start..end]
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    Word { folded, start, end }
}

/// The excluded activities `title` names, each with the words as the title
/// writes them (`Lunch & Learn`), in the order of the groups; the sponsor's
/// words are left out for a mentor training.
fn found_in(title: &str, mentor: bool) -> Vec<(Activity, Vec<&str>)> {
    let words = words(title);
    let mut found: Vec<(Activity, Vec<&str>)> = Vec::new();
    for (activity, sequences) in WORDS {
        if mentor && *activity == Activity::Sponsor {
            continue;
        }
        let mut shown: Vec<&str> = Vec::new();
        for at in 0..words.len() {
            for sequence in sequences.iter() {
                let Some(window) = words.get(at..at + sequence.len()) else {
                    continue;
                };
                if window.iter().zip(sequence.iter()).all(|(w, s)| w.folded == *s) {
                    let text = &title[window[0].start..window[window.len() - 1].end];
                    if !shown.contains(&text) {
                        shown.push(text);
                    }
                }
            }
        }
        if !shown.is_empty() {
            found.push((*activity, shown));
        }
    }
    found
}

/// R223 on one request.
pub fn check(request: &Request, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(title) = request.titel.as_deref() else {
        return;
    };
    let figures = figures_of(request);
    if !figures.excluded_activities {
        return;
    }
    let mentor = request.opleidingstype == Some(TrainingType::Mentor);
    let found = found_in(title, mentor);
    if found.is_empty() {
        return;
    }
    let lang = ctx.lang;
    let named = found
        .iter()
        .map(|(activity, texts)| {
            let texts = texts.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(", ");
            format!("{texts} ({})", activity.name(lang))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let year = school_year_name(figures.first_year);
    let provisional = if figures.is_provisional() {
        tr!(lang,
            nl: " (voorlopig: de cijfers van dat schooljaar zijn nog niet bekendgemaakt)",
            fr: " (provisoire: les chiffres de cette année scolaire ne sont pas encore publiés)",
            en: " (provisional: that school year's figures are not published yet)",
        )
    } else {
        ""
    };
    out.push(diagnostic(
        &R223,
        Severity::Warning,
        Some(Field::OpleidingTitel),
        Some(title.to_string()),
        trf!(lang,
            nl: "de titel noemt {named}: in schooljaar {year}{provisional} geeft zo'n activiteit geen recht op VOV; dien enkel in als de opleiding iets anders is",
            fr: "le titre nomme {named}: pendant l'année scolaire {year}{provisional}, une telle activité ne donne pas droit au VOV; n'introduisez la demande que si la formation est autre chose",
            en: "the title names {named}: in school year {year}{provisional} such an activity gives no right to VOV; submit only if the training is something else",
        ),
        ctx,
    ));
}

/// The school years of `regulation` with whether they exclude activities
/// by name, and their sources, for `explain`.
pub fn year_figures(regulation: &Regulation, lang: Lang) -> String {
    crate::rules::figures_by_year(regulation, lang, |year, lang| {
        if year.excluded_activities {
            tr!(lang,
                nl: "activiteiten uitgesloten bij naam",
                fr: "activités exclues par leur nom",
                en: "activities excluded by name",
            )
            .to_string()
        } else {
            tr!(lang,
                nl: "geen uitgesloten activiteiten",
                fr: "pas d'activités exclues",
                en: "no activities excluded",
            )
            .to_string()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{date, request, severities_at_start};

    /// The valid request titled `title`, of type `kind`, started on `start`.
    fn titled(title: &str, kind: Option<TrainingType>, start: chrono::NaiveDate) -> Request {
        let mut r = request();
        r.titel = Some(title.into());
        r.opleidingstype = kind;
        r.startdatum = start;
        r.einddatum = date(2026, 6, 30);
        r
    }

    fn run(title: &str, kind: Option<TrainingType>) -> Vec<(&'static str, Severity)> {
        severities_at_start(&titled(title, kind, date(2025, 10, 1)), check)
    }

    fn warning() -> Vec<(&'static str, Severity)> {
        vec![("R223", Severity::Warning)]
    }

    #[test]
    fn from_1_september_2025_not_on_31_august() {
        let mut r = titled("Lunch & Learn Excel", None, date(2025, 8, 31));
        assert!(severities_at_start(&r, check).is_empty());
        r.startdatum = date(2025, 9, 1);
        assert_eq!(severities_at_start(&r, check), warning());
        // A late enrolment moves the reference start into 2025-2026.
        r.startdatum = date(2025, 8, 25);
        r.inschrijvingsdatum = Some(date(2025, 9, 1));
        assert_eq!(severities_at_start(&r, check), warning());
    }

    #[test]
    fn the_provisional_year_warns_too() {
        let r = titled("Intervisie", None, date(2026, 9, 1));
        let out = crate::rules::test_support::diagnostics_in(&r, r.startdatum, Lang::En, check);
        assert_eq!(out.len(), 1);
        assert!(out[0].message.contains("2026-2027 (provisional"), "{}", out[0].message);
    }

    #[test]
    fn lunch_and_learn_written_every_way() {
        for title in [
            "Lunch & Learn",
            "Lunch&Learn: Excel",
            "LUNCH-AND-LEARN",
            "lunch and learn",
            "Lunch en learn over GDPR",
        ] {
            assert_eq!(run(title, None), warning(), "{title}");
        }
    }

    #[test]
    fn french_and_english_names_accents_and_case_folded() {
        for title in [
            "Théâtre d'entreprise",
            "THEATRE D’ENTREPRISE",
            "Company theatre",
            "Réseau d'apprentissage RH",
            "Learning network HR",
            "Intervisie coaches",
            "Intervision des managers",
            "Onboarding nieuwe medewerkers",
            "Programme d'accueil",
            "Welcome programme",
            "Onthaaltraject",
            "Vidéos de formation en ligne",
            "Training videos",
            "Opleidingsvideo's veiligheid",
            "Lerend netwerk HR",
            "Lerende netwerken",
            "Bedrijfstheater",
            "Peterschap nieuwe collega's",
            "Buddy voor starters",
            "Parrainage",
        ] {
            assert_eq!(run(title, None), warning(), "{title}");
        }
    }

    #[test]
    fn whole_words_only() {
        for title in [
            "Meterkast installeren",
            "Peterselie kweken",
            "Intervisietechnieken",
            "Lunchpakket",
            "Boekhouding",
            "Netwerkbeheer",
            "Peter",
        ] {
            let expected = if title == "Peter" { warning() } else { vec![] };
            assert_eq!(run(title, None), expected, "{title}");
        }
    }

    #[test]
    fn a_mentor_training_is_no_sponsor_s_guidance() {
        let mentor = Some(TrainingType::Mentor);
        assert!(run("Opleiding meter", mentor).is_empty());
        assert!(run("Peter en meter", mentor).is_empty());
        assert_eq!(run("Opleiding meter", None), warning());
        assert_eq!(run("Intervisie mentoren", mentor), warning());
        assert_eq!(run("Intervisie voor peters en meters", mentor), warning());
    }

    #[test]
    fn no_title_says_nothing() {
        let mut r = titled("x", None, date(2025, 10, 1));
        r.titel = None;
        assert!(severities_at_start(&r, check).is_empty());
    }

    #[test]
    fn the_message_names_the_words_as_written_and_their_group() {
        let r = titled("Lunch & Learn en intervisie; Intervisie", None, date(2025, 10, 1));
        let out = crate::rules::test_support::diagnostics_in(&r, r.startdatum, Lang::En, check);
        assert_eq!(
            out[0].message,
            "the title names 'Lunch & Learn' (lunch-and-learn session); 'intervisie', 'Intervisie' (intervision): \
             in school year 2025-2026 such an activity gives no right to VOV; submit only if the training is \
             something else"
        );
        let fr = crate::rules::test_support::french_messages(
            &titled("Théâtre d'entreprise", None, date(2025, 10, 1)),
            check,
        );
        assert_eq!(
            fr[0],
            "le titre nomme 'Théâtre d'entreprise' (théâtre d'entreprise): pendant l'année scolaire 2025-2026, une \
             telle activité ne donne pas droit au VOV; n'introduisez la demande que si la formation est autre chose"
        );
    }

    #[test]
    fn the_figures_by_year_name_the_first_year_of_the_exclusions() {
        let text = year_figures(Regulation::built_in(), Lang::En);
        assert!(text.contains("2024-2025: no activities excluded"), "{text}");
        assert!(text.contains("2025-2026: activities excluded by name"), "{text}");
        assert!(
            text.contains("2026-2027: activities excluded by name (provisional)"),
            "{text}"
        );
    }
}
