//! `vov-bulk regulation`: the school-year table in force, for people (in
//! their language) or as JSON, and `--template`, the built-in file to copy;
//! and the `--regulation FILE` / `VOV_REGULATION` table put in force before
//! a command reads anything.

use std::io::Write;
use std::path::Path;

use clap::Args;
use serde::Serialize;

use super::{print_stdout, Command, Format, EXIT_FATAL, EXIT_OK};
use crate::calendar::school_year_name;
use crate::error::Error;
use crate::lang::{tr, trf, Lang};
use crate::regulation::{euro, figure, in_force, Deadline, Regulation, SchoolYear, FIRST_SCHOOL_YEAR};

#[derive(Debug, Args)]
pub(crate) struct RegulationArgs {
    #[arg(long, value_name = "YEAR")]
    pub(crate) year: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    pub(crate) format: Format,
    #[arg(long, conflicts_with_all = ["year", "format"])]
    pub(crate) template: bool,
}

/// Reads the table given with `--regulation` (or `VOV_REGULATION`) and puts
/// it in force, for the commands that judge, estimate or show figures;
/// the others never read it, so a broken file does not stop `ledger
/// submitted`.
pub(crate) fn install_given(path: Option<&Path>, command: &Command) -> Result<(), Error> {
    let uses_the_table = matches!(
        command,
        Command::Check(_)
            | Command::Prepare { .. }
            | Command::Agenda(_)
            | Command::Explain { .. }
            | Command::Regulation(_)
    );
    let Some(path) = path.filter(|_| uses_the_table) else {
        return Ok(());
    };
    let table = Regulation::load(path)?;
    // Once per process, before anything has read the table.
    crate::regulation::install(table).map_err(|error| Error::Internal(error.to_string()))
}

/// `vov-bulk regulation [--year Y] [--format json] [--template]`.
pub(crate) fn run(args: &RegulationArgs, lang: Lang) -> i32 {
    let table = in_force();
    if args.template {
        // The built-in file, byte for byte, whatever table is in force: a
        // copy must be the file itself, comments and all.
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(Regulation::built_in().text().as_bytes());
        let _ = stdout.flush();
        return EXIT_OK;
    }
    let years: Vec<SchoolYearShown> = match &args.year {
        None => table.years().iter().map(SchoolYearShown::line).collect(),
        Some(given) => match chosen_year(given) {
            Some(first_year) => vec![SchoolYearShown::of(table, first_year)],
            None => {
                super::eprint_masked(&trf!(lang,
                    nl: "vov-bulk: --year {given} is geen schooljaar van VOV: schrijf bijvoorbeeld 2025-2026 (VOV begint in 2019-2020)\n",
                    fr: "vov-bulk: --year {given} n'est pas une année scolaire du VOV: écrivez par exemple 2025-2026 (le VOV commence en 2019-2020)\n",
                    en: "vov-bulk: --year {given} is not a school year of VOV: write for example 2025-2026 (VOV starts in 2019-2020)\n",
                ));
                return EXIT_FATAL;
            }
        },
    };
    match args.format {
        Format::Json => print_stdout(&json(&years)),
        Format::Human => print_stdout(&human(table, &years, lang)),
    }
    EXIT_OK
}

/// `2025-2026`, `2025/2026` or `2025`: the school year's first calendar year.
fn chosen_year(given: &str) -> Option<i32> {
    let given = given.trim();
    let first = match given.split_once(['-', '/']) {
        Some((first, second)) => {
            let first: i32 = first.trim().parse().ok()?;
            (second.trim().parse::<i32>().ok()? == first + 1).then_some(first)?
        }
        None => given.parse().ok()?,
    };
    (FIRST_SCHOOL_YEAR..=2200).contains(&first).then_some(first)
}

/// A school year as shown: its figures, and the line they are carried over
/// from when the year lies after the table's last line.
struct SchoolYearShown<'a> {
    first_year: i32,
    figures: &'a SchoolYear,
    carried_from: Option<&'a SchoolYear>,
}

impl<'a> SchoolYearShown<'a> {
    fn line(figures: &'a SchoolYear) -> SchoolYearShown<'a> {
        SchoolYearShown {
            first_year: figures.first_year,
            figures,
            carried_from: None,
        }
    }

    fn of(table: &'a Regulation, first_year: i32) -> SchoolYearShown<'a> {
        let last = table.years().last().filter(|last| first_year > last.first_year);
        SchoolYearShown {
            first_year,
            figures: table.year(first_year),
            carried_from: last,
        }
    }

    fn carried_over(&self) -> bool {
        self.carried_from.is_some()
    }
}

#[derive(Serialize)]
struct YearJson<'a> {
    school_year: String,
    status: &'static str,
    eur_per_hour: String,
    minimum_twp: String,
    minimum_weekly_hours: Option<String>,
    shared_initiative: bool,
    combining: &'static str,
    deadline: DeadlineJson,
    twp_reference: &'static str,
    excluded_activities: bool,
    constants: ConstantsJson,
    /// The school year whose line these figures are, when they are carried
    /// over to a later year.
    #[serde(skip_serializing_if = "Option::is_none")]
    carried_over_from: Option<String>,
    sources: &'a [String],
}

#[derive(Serialize)]
struct DeadlineJson {
    rule: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_day: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    for_starts_until: Option<String>,
}

#[derive(Serialize)]
struct ConstantsJson {
    full_time_hours: String,
    minimum_hours: String,
    minimum_study_points: String,
    hours_per_study_point: String,
    hbo5_hours_per_study_point: String,
    hours_per_exam: String,
    hours_per_evc: String,
    base_minimum_twp: String,
}

fn plain(value: rust_decimal::Decimal) -> String {
    value.normalize().to_string()
}

fn json(years: &[SchoolYearShown<'_>]) -> String {
    let list: Vec<YearJson<'_>> = years
        .iter()
        .map(|shown| {
            let year = shown.figures;
            let c = &year.constants;
            let status = if shown.carried_over() {
                "provisional"
            } else {
                year.status.as_str()
            };
            YearJson {
                school_year: school_year_name(shown.first_year),
                status,
                eur_per_hour: format!("{:.2}", year.eur_per_hour.round_dp(2)),
                minimum_twp: plain(year.minimum_twp),
                minimum_weekly_hours: year.minimum_weekly_hours.map(plain),
                shared_initiative: year.shared_initiative,
                combining: year.combining.as_str(),
                deadline: match year.deadline {
                    Deadline::ThreeMonths => DeadlineJson {
                        rule: "three_months",
                        last_day: None,
                        for_starts_until: None,
                    },
                    Deadline::FixedUntil {
                        last_day,
                        for_starts_until,
                    } => DeadlineJson {
                        rule: "fixed_until",
                        last_day: Some(last_day.to_string()),
                        for_starts_until: Some(for_starts_until.to_string()),
                    },
                },
                twp_reference: year.twp_reference.as_str(),
                excluded_activities: year.excluded_activities,
                constants: ConstantsJson {
                    full_time_hours: plain(c.full_time_hours),
                    minimum_hours: plain(c.minimum_hours),
                    minimum_study_points: plain(c.minimum_study_points),
                    hours_per_study_point: plain(c.hours_per_study_point),
                    hbo5_hours_per_study_point: plain(c.hbo5_hours_per_study_point),
                    hours_per_exam: plain(c.hours_per_exam),
                    hours_per_evc: plain(c.hours_per_evc),
                    base_minimum_twp: plain(c.base_minimum_twp),
                },
                carried_over_from: shown.carried_from.map(SchoolYear::name),
                sources: &year.sources,
            }
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

/// The line that names the table: built-in or the user's file, its edition
/// and the start of its SHA-256.
pub(crate) fn table_line(table: &Regulation, lang: Lang) -> String {
    let sha = table.sha256().get(..12).unwrap_or_default();
    let edition = table.edition().unwrap_or("-");
    match table.origin() {
        crate::regulation::Origin::BuiltIn => trf!(lang,
            nl: "Regelgevingstabel: ingebouwd, editie {edition} (sha256 {sha}…)",
            fr: "Tableau de réglementation: intégré, édition {edition} (sha256 {sha}…)",
            en: "Regulation table: built-in, edition {edition} (sha256 {sha}…)",
        ),
        crate::regulation::Origin::File(path) => trf!(lang,
            nl: "Regelgevingstabel: {path}, editie {edition} (sha256 {sha}…)",
            fr: "Tableau de réglementation: {path}, édition {edition} (sha256 {sha}…)",
            en: "Regulation table: {path}, edition {edition} (sha256 {sha}…)",
        ),
    }
}

fn human(table: &Regulation, years: &[SchoolYearShown<'_>], lang: Lang) -> String {
    let mut out = table_line(table, lang);
    out.push('\n');
    for shown in years {
        out.push('\n');
        out.push_str(&human_year(shown, lang));
    }
    out.push('\n');
    out.push_str(tr!(lang,
        nl: "Een voorlopig schooljaar neemt de cijfers over tot zijn regelgeving gepubliceerd is: R208 (boven 50 %) en R222 waarschuwen dan in plaats van te weigeren, en elke raming is voorlopig. Een gepubliceerde wijziging toepassen: `vov-bulk regulation --template > tabel.toml`, pas tabel.toml aan en zet VOV_REGULATION=tabel.toml (of --regulation tabel.toml).\n",
        fr: "Une année scolaire provisoire reprend les chiffres jusqu'à la publication de sa réglementation: R208 (au-dessus de 50 %) et R222 avertissent alors au lieu de refuser, et toute estimation est provisoire. Pour appliquer une modification publiée: `vov-bulk regulation --template > tableau.toml`, adaptez tableau.toml et définissez VOV_REGULATION=tableau.toml (ou --regulation tableau.toml).\n",
        en: "A provisional school year carries the figures over until its regulation is published: R208 (above 50 %) and R222 then warn instead of rejecting, and every estimate is provisional. To apply a published change: `vov-bulk regulation --template > table.toml`, edit table.toml and set VOV_REGULATION=table.toml (or --regulation table.toml).\n",
    ));
    out
}

fn human_year(shown: &SchoolYearShown<'_>, lang: Lang) -> String {
    let year = shown.figures;
    let c = &year.constants;
    let yes_no = |value: bool| {
        if value {
            tr!(lang, nl: "ja", fr: "oui", en: "yes")
        } else {
            tr!(lang, nl: "nee", fr: "non", en: "no")
        }
    };
    let status = if let Some(from) = shown.carried_from {
        let from = from.name();
        trf!(lang,
            nl: "voorlopig: de cijfers van {from} overgenomen",
            fr: "provisoire: les chiffres de {from} repris",
            en: "provisional: the figures of {from} carried over",
        )
    } else {
        year.status.word(lang).to_string()
    };
    let weekly = year.minimum_weekly_hours.map_or_else(
        || tr!(lang, nl: "geen", fr: "aucun", en: "none").to_string(),
        |hours| figure(hours, lang),
    );
    let rows: [(&str, String); 9] = [
        (
            tr!(lang, nl: "laatste dag om in te dienen (R204)", fr: "dernier jour pour introduire (R204)", en: "last day to submit (R204)"),
            year.deadline.describe(lang),
        ),
        (
            tr!(lang, nl: "samentellen tot het minimum (X303)", fr: "addition jusqu'au minimum (X303)", en: "combining to the minimum (X303)"),
            year.combining.describe(lang).to_string(),
        ),
        (
            tr!(lang, nl: "gedeeld initiatief (X308)", fr: "initiative partagée (X308)", en: "shared initiative (X308)"),
            yes_no(year.shared_initiative).to_string(),
        ),
        (
            tr!(lang, nl: "referentiemaand TWP", fr: "mois de référence du TWP", en: "TWP reference month"),
            year.twp_reference.describe(lang).to_string(),
        ),
        (
            tr!(lang, nl: "minimum TWP (R208)", fr: "TWP minimum (R208)", en: "minimum TWP (R208)"),
            format!("{} %", figure(year.minimum_twp, lang)),
        ),
        (
            tr!(lang, nl: "minimum uren per week (R222)", fr: "minimum d'heures par semaine (R222)", en: "minimum hours a week (R222)"),
            weekly,
        ),
        (
            tr!(lang, nl: "EUR per goedgekeurd uur", fr: "EUR par heure approuvée", en: "EUR per approved hour"),
            euro(year.eur_per_hour, lang),
        ),
        (
            tr!(lang, nl: "uitgesloten activiteiten (R223)", fr: "activités exclues (R223)", en: "excluded activities (R223)"),
            yes_no(year.excluded_activities).to_string(),
        ),
        (tr!(lang, nl: "constanten", fr: "constantes", en: "constants"), {
            let (full, min_h, min_sp, sp, hbo5, exam, evc) = (
                figure(c.full_time_hours, lang),
                figure(c.minimum_hours, lang),
                figure(c.minimum_study_points, lang),
                figure(c.hours_per_study_point, lang),
                figure(c.hbo5_hours_per_study_point, lang),
                figure(c.hours_per_exam, lang),
                figure(c.hours_per_evc, lang),
            );
            trf!(lang,
                nl: "{full} uren voltijds; minimum {min_h} uren of {min_sp} studiepunten; {sp} uren per studiepunt (HBO5 {hbo5}); {exam} per examen; {evc} per EVC",
                fr: "{full} heures à temps plein; minimum {min_h} heures ou {min_sp} crédits d'études; {sp} heures par crédit (HBO5 {hbo5}); {exam} par examen; {evc} par EVC",
                en: "{full} hours full time; minimum {min_h} hours or {min_sp} study points; {sp} hours per study point (HBO5 {hbo5}); {exam} per exam; {evc} per EVC",
            )
        }),
    ];
    let width = rows.iter().map(|(label, _)| label.chars().count()).max().unwrap_or(0);
    let mut out = format!("{}  {status}\n", school_year_name(shown.first_year));
    for (label, value) in rows {
        let pad = width - label.chars().count();
        out.push_str(&format!("  {label}{}  {value}\n", " ".repeat(pad)));
    }
    out.push_str(&format!(
        "  {}:\n",
        tr!(lang, nl: "bronnen", fr: "sources des chiffres", en: "sources")
    ));
    for source in &year.sources {
        out.push_str(&format!("    - {source}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_named_as_a_clerk_writes_it() {
        assert_eq!(chosen_year("2025-2026"), Some(2025));
        assert_eq!(chosen_year(" 2025/2026 "), Some(2025));
        assert_eq!(chosen_year("2025"), Some(2025));
        assert_eq!(chosen_year("2025-2027"), None);
        assert_eq!(chosen_year("2018-2019"), None);
        assert_eq!(chosen_year("volgend jaar"), None);
    }

    #[test]
    fn the_human_table_names_each_figure_and_source() {
        let table = Regulation::built_in();
        let shown = [SchoolYearShown::of(table, 2025), SchoolYearShown::of(table, 2030)];
        let nl = human(table, &shown, Lang::Nl);
        assert!(
            nl.starts_with("Regelgevingstabel: ingebouwd, editie 2026-12-07"),
            "{nl}"
        );
        assert!(nl.contains("2025-2026  bevestigd\n"), "{nl}");
        assert!(nl.contains("minimum TWP (R208)") && nl.contains("80 %"), "{nl}");
        assert!(
            nl.contains("14,91") && nl.contains("Flemish Government, 25 April 2025"),
            "{nl}"
        );
        assert!(
            nl.contains("2030-2031  voorlopig: de cijfers van 2026-2027 overgenomen"),
            "{nl}"
        );
        let fr = human(table, &shown[..1], Lang::Fr);
        assert!(fr.contains("2025-2026  confirmé") && fr.contains("incertain"), "{fr}");
    }

    #[test]
    fn the_json_table_gives_every_figure_as_text() {
        let table = Regulation::built_in();
        let list: serde_json::Value = serde_json::from_str(&json(&[
            SchoolYearShown::of(table, 2025),
            SchoolYearShown::of(table, 2031),
        ]))
        .expect("JSON");
        assert_eq!(list[0]["school_year"], "2025-2026");
        assert_eq!(list[0]["status"], "confirmed");
        assert_eq!(list[0]["eur_per_hour"], "14.91");
        assert_eq!(list[0]["minimum_twp"], "80");
        assert_eq!(list[0]["minimum_weekly_hours"], "28");
        assert_eq!(list[0]["combining"], "uncertain");
        assert_eq!(list[0]["deadline"]["rule"], "three_months");
        assert_eq!(list[0]["twp_reference"], "march_before");
        assert_eq!(list[0]["shared_initiative"], true);
        assert!(list[0]["sources"].as_array().is_some_and(|s| !s.is_empty()));
        assert_eq!(list[1]["school_year"], "2031-2032");
        assert_eq!(list[1]["status"], "provisional");
        assert_eq!(list[1]["carried_over_from"], "2026-2027");
        let first: serde_json::Value = serde_json::from_str(&json(&[SchoolYearShown::of(table, 2019)])).expect("JSON");
        assert_eq!(first[0]["deadline"]["last_day"], "2020-10-31");
        assert_eq!(first[0]["minimum_weekly_hours"], serde_json::Value::Null);
        assert_eq!(first[0]["constants"]["hbo5_hours_per_study_point"], "6");
    }
}
