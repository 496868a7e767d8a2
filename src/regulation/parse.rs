//! Reading the regulation's data file (TOML) into the typed table, with
//! every check of CONTRACT v3 ('The regulation as data'): school years in
//! order from 2019-2020 without a gap, every figure in its range, a status
//! and a source on every line. A problem names its line and says what is
//! wrong in the user's language.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::table::{Combining, Constants, Deadline, Origin, ReferenceMonth, Regulation, SchoolYear, YearStatus};
use crate::calendar::{school_year, school_year_name};
use crate::lang::{trf, Lang, Localized};

/// The first school year of VOV, the first line every table must have.
pub const FIRST_SCHOOL_YEAR: i32 = 2019;

/// Why a regulation file cannot be used: its file, the line (when the
/// problem has one) and what is wrong, in the three languages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {problem}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct RegulationError {
    /// The file as given (`--regulation`, `VOV_REGULATION`), or `built-in`.
    pub file: String,
    /// The 1-based line of the problem.
    pub line: Option<usize>,
    /// What is wrong.
    pub problem: Localized,
}

impl RegulationError {
    /// The problem in `lang`, after its line: `regel 12: ...`.
    pub fn message(&self, lang: Lang) -> String {
        let problem = self.problem.get(lang);
        match self.line {
            Some(line) => trf!(lang,
                nl: "regel {line}: {problem}",
                fr: "ligne {line}: {problem}",
                en: "line {line}: {problem}",
            ),
            None => problem.to_string(),
        }
    }
}

/// A figure as the file writes it: text (`"14.91"`, the form the template
/// uses, exact) or a plain TOML number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Figure {
    Text(String),
    Integer(i64),
    Float(f64),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    edition: Option<String>,
    constants: Spanned<ConstantsDoc>,
    #[serde(default)]
    school_year: Vec<Spanned<YearDoc>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConstantsDoc {
    full_time_hours: Spanned<Figure>,
    minimum_hours: Spanned<Figure>,
    minimum_study_points: Spanned<Figure>,
    hours_per_study_point: Spanned<Figure>,
    hbo5_hours_per_study_point: Spanned<Figure>,
    hours_per_exam: Spanned<Figure>,
    hours_per_evc: Spanned<Figure>,
    base_minimum_twp: Spanned<Figure>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearDoc {
    year: Spanned<String>,
    status: Spanned<String>,
    deadline: Spanned<String>,
    last_day: Option<Spanned<toml::value::Datetime>>,
    for_starts_until: Option<Spanned<toml::value::Datetime>>,
    combining: Spanned<String>,
    shared_initiative: bool,
    twp_reference: Spanned<String>,
    minimum_twp: Spanned<Figure>,
    minimum_weekly_hours: Spanned<Figure>,
    eur_per_hour: Spanned<Figure>,
    excluded_activities: bool,
    sources: Spanned<Vec<String>>,
    // Any constant may differ in one year.
    full_time_hours: Option<Spanned<Figure>>,
    minimum_hours: Option<Spanned<Figure>>,
    minimum_study_points: Option<Spanned<Figure>>,
    hours_per_study_point: Option<Spanned<Figure>>,
    hbo5_hours_per_study_point: Option<Spanned<Figure>>,
    hours_per_exam: Option<Spanned<Figure>>,
    hours_per_evc: Option<Spanned<Figure>>,
    base_minimum_twp: Option<Spanned<Figure>>,
}

/// Reads and checks one regulation file's `text`; `origin` names it in
/// errors and reports.
pub fn parse(text: &str, origin: Origin) -> Result<Regulation, RegulationError> {
    let reader = Reader {
        text,
        file: origin.as_str().to_string(),
    };
    let doc: FileDoc = toml::from_str(text).map_err(|error| reader.syntax(&error))?;
    let constants = reader.constants(&doc.constants)?;
    let mut years = Vec::with_capacity(doc.school_year.len());
    for line in &doc.school_year {
        let expected = years
            .last()
            .map_or(FIRST_SCHOOL_YEAR, |y: &SchoolYear| y.first_year + 1);
        years.push(reader.school_year(line, &constants, expected)?);
    }
    let Some(last) = years.last() else {
        return Err(reader.at(
            None,
            Localized::new(|lang| {
                trf!(lang,
                    nl: "de tabel heeft geen enkel schooljaar: voeg een [[school_year]] toe vanaf 2019-2020",
                    fr: "le tableau n'a aucune année scolaire: ajoutez un [[school_year]] à partir de 2019-2020",
                    en: "the table has no school year: add a [[school_year]] from 2019-2020",
                )
            }),
        ));
    };
    let beyond_last = SchoolYear {
        first_year: last.first_year + 1,
        status: YearStatus::Provisional,
        ..last.clone()
    };
    Ok(Regulation {
        origin,
        edition: doc.edition,
        sha256: format!("{:x}", Sha256::digest(text.as_bytes())),
        text: text.to_string(),
        years,
        beyond_last,
    })
}

/// The file being read, for positions and errors.
struct Reader<'a> {
    text: &'a str,
    file: String,
}

/// The range a figure must lie in, with its unit for messages.
struct Range {
    low: Decimal,
    high: Decimal,
    /// Whether the lowest value itself is allowed.
    low_allowed: bool,
    /// At most this many decimals.
    scale: u32,
}

impl Range {
    const fn new(low: i64, high: i64, low_allowed: bool, scale: u32) -> Range {
        Range {
            low: Decimal::from_parts(low as u32, 0, 0, false, 0),
            high: Decimal::from_parts(high as u32, 0, 0, false, 0),
            low_allowed,
            scale,
        }
    }
}

const HOURS_A_YEAR: Range = Range::new(0, 2000, false, 2);
const PER_UNIT: Range = Range::new(0, 100, false, 2);
const POINTS: Range = Range::new(0, 120, false, 2);
const PERCENT: Range = Range::new(0, 100, true, 2);
const WEEKLY_HOURS: Range = Range::new(0, 60, true, 2);
const EUR: Range = Range::new(0, 1000, false, 2);

impl Reader<'_> {
    fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
    }

    fn at(&self, offset: Option<usize>, problem: Localized) -> RegulationError {
        RegulationError {
            file: self.file.clone(),
            line: offset.map(|o| self.line_of(o)),
            problem,
        }
    }

    /// A TOML syntax or shape error: the parser's own text (English, a
    /// technical detail) inside a sentence in the user's language.
    fn syntax(&self, error: &toml::de::Error) -> RegulationError {
        // The parser's message repeats the line and a caret drawing; its
        // first line is the sentence.
        let detail = error.message().lines().next().unwrap_or_default().trim().to_string();
        self.at(
            error.span().map(|span| span.start),
            Localized::new(|lang| {
                trf!(lang,
                    nl: "geen geldige regelgevingstabel: {detail}",
                    fr: "tableau de réglementation non valable: {detail}",
                    en: "not a valid regulation table: {detail}",
                )
            }),
        )
    }

    fn figure(&self, figure: &Spanned<Figure>, name: &str, range: &Range) -> Result<Decimal, RegulationError> {
        let offset = Some(figure.span().start);
        let value = match figure.get_ref() {
            Figure::Text(text) => Decimal::from_str(text.trim()).ok(),
            Figure::Integer(n) => Some(Decimal::from(*n)),
            // The shortest text that reads back as the same float is what
            // the user typed (14.91), so no binary fraction gets in.
            Figure::Float(f) => Decimal::from_str(&f.to_string()).ok(),
        };
        let Some(value) = value else {
            return Err(self.at(
                offset,
                Localized::new(|lang| {
                    trf!(lang,
                        nl: "{name} is geen getal: schrijf bijvoorbeeld \"14.91\"",
                        fr: "{name} n'est pas un nombre: écrivez par exemple \"14.91\"",
                        en: "{name} is not a number: write for example \"14.91\"",
                    )
                }),
            ));
        };
        let (low, high) = (range.low, range.high);
        let too_low = value < low || (value == low && !range.low_allowed);
        if too_low || value > high {
            let bound = if range.low_allowed {
                Localized::new(
                    |lang| trf!(lang, nl: "van {low} tot {high}", fr: "de {low} à {high}", en: "from {low} to {high}"),
                )
            } else {
                Localized::new(
                    |lang| trf!(lang, nl: "boven {low} en hoogstens {high}", fr: "supérieur à {low} et au plus {high}", en: "above {low} and at most {high}"),
                )
            };
            return Err(self.at(
                offset,
                Localized::new(|lang| {
                    let bound = bound.get(lang);
                    trf!(lang,
                        nl: "{name} = {value} ligt buiten het bereik: verwacht {bound}",
                        fr: "{name} = {value} est hors limites: attendu {bound}",
                        en: "{name} = {value} is out of range: expected {bound}",
                    )
                }),
            ));
        }
        if value.normalize().scale() > range.scale {
            let scale = range.scale;
            return Err(self.at(
                offset,
                Localized::new(|lang| {
                    trf!(lang,
                        nl: "{name} = {value} heeft te veel decimalen: hoogstens {scale}",
                        fr: "{name} = {value} a trop de décimales: au plus {scale}",
                        en: "{name} = {value} has too many decimals: at most {scale}",
                    )
                }),
            ));
        }
        Ok(value)
    }

    fn constants(&self, doc: &Spanned<ConstantsDoc>) -> Result<Constants, RegulationError> {
        let doc = doc.get_ref();
        Ok(Constants {
            full_time_hours: self.figure(&doc.full_time_hours, "full_time_hours", &HOURS_A_YEAR)?,
            minimum_hours: self.figure(&doc.minimum_hours, "minimum_hours", &HOURS_A_YEAR)?,
            minimum_study_points: self.figure(&doc.minimum_study_points, "minimum_study_points", &POINTS)?,
            hours_per_study_point: self.figure(&doc.hours_per_study_point, "hours_per_study_point", &PER_UNIT)?,
            hbo5_hours_per_study_point: self.figure(
                &doc.hbo5_hours_per_study_point,
                "hbo5_hours_per_study_point",
                &PER_UNIT,
            )?,
            hours_per_exam: self.figure(&doc.hours_per_exam, "hours_per_exam", &PER_UNIT)?,
            hours_per_evc: self.figure(&doc.hours_per_evc, "hours_per_evc", &HOURS_A_YEAR)?,
            base_minimum_twp: self.figure(&doc.base_minimum_twp, "base_minimum_twp", &PERCENT)?,
        })
    }

    /// A year's constant: its own when it gives one, else the table's.
    fn constant(
        &self,
        own: &Option<Spanned<Figure>>,
        name: &str,
        range: &Range,
        table: Decimal,
    ) -> Result<Decimal, RegulationError> {
        own.as_ref()
            .map_or(Ok(table), |figure| self.figure(figure, name, range))
    }

    fn year_constants(&self, doc: &YearDoc, table: &Constants) -> Result<Constants, RegulationError> {
        Ok(Constants {
            full_time_hours: self.constant(
                &doc.full_time_hours,
                "full_time_hours",
                &HOURS_A_YEAR,
                table.full_time_hours,
            )?,
            minimum_hours: self.constant(&doc.minimum_hours, "minimum_hours", &HOURS_A_YEAR, table.minimum_hours)?,
            minimum_study_points: self.constant(
                &doc.minimum_study_points,
                "minimum_study_points",
                &POINTS,
                table.minimum_study_points,
            )?,
            hours_per_study_point: self.constant(
                &doc.hours_per_study_point,
                "hours_per_study_point",
                &PER_UNIT,
                table.hours_per_study_point,
            )?,
            hbo5_hours_per_study_point: self.constant(
                &doc.hbo5_hours_per_study_point,
                "hbo5_hours_per_study_point",
                &PER_UNIT,
                table.hbo5_hours_per_study_point,
            )?,
            hours_per_exam: self.constant(&doc.hours_per_exam, "hours_per_exam", &PER_UNIT, table.hours_per_exam)?,
            hours_per_evc: self.constant(&doc.hours_per_evc, "hours_per_evc", &HOURS_A_YEAR, table.hours_per_evc)?,
            base_minimum_twp: self.constant(
                &doc.base_minimum_twp,
                "base_minimum_twp",
                &PERCENT,
                table.base_minimum_twp,
            )?,
        })
    }

    /// One of a fixed set of words, or an error listing them.
    fn choice<T: Copy>(
        &self,
        value: &Spanned<String>,
        name: &str,
        choices: &[(&str, T)],
    ) -> Result<T, RegulationError> {
        let given = value.get_ref().trim();
        if let Some((_, chosen)) = choices.iter().find(|(word, _)| *word == given) {
            return Ok(*chosen);
        }
        let accepted = choices
            .iter()
            .map(|(word, _)| format!("\"{word}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let given = crate::values::mask::mask_personal(given);
        Err(self.at(
            Some(value.span().start),
            Localized::new(|lang| {
                trf!(lang,
                    nl: "{name} = \"{given}\" is onbekend: verwacht een van {accepted}",
                    fr: "{name} = \"{given}\" est inconnu: attendu l'une des valeurs {accepted}",
                    en: "{name} = \"{given}\" is unknown: expected one of {accepted}",
                )
            }),
        ))
    }

    fn school_year(
        &self,
        line: &Spanned<YearDoc>,
        table: &Constants,
        expected: i32,
    ) -> Result<SchoolYear, RegulationError> {
        let start = line.span().start;
        let doc = line.get_ref();
        let first_year = self.year_name(&doc.year, expected)?;
        let status = self.choice(
            &doc.status,
            "status",
            &[
                ("confirmed", YearStatus::Confirmed),
                ("provisional", YearStatus::Provisional),
            ],
        )?;
        let combining = self.choice(
            &doc.combining,
            "combining",
            &[
                ("same_training", Combining::SameTraining),
                ("all_enrolments", Combining::AllEnrolments),
                ("uncertain", Combining::Uncertain),
            ],
        )?;
        let twp_reference = self.choice(
            &doc.twp_reference,
            "twp_reference",
            &[
                ("september", ReferenceMonth::September),
                ("march_before", ReferenceMonth::MarchBefore),
            ],
        )?;
        let sources = self.sources(&doc.sources)?;
        let weekly = self.figure(&doc.minimum_weekly_hours, "minimum_weekly_hours", &WEEKLY_HOURS)?;
        Ok(SchoolYear {
            first_year,
            status,
            deadline: self.deadline(doc, first_year)?,
            combining,
            shared_initiative: doc.shared_initiative,
            twp_reference,
            minimum_twp: self.figure(&doc.minimum_twp, "minimum_twp", &PERCENT)?,
            minimum_weekly_hours: (!weekly.is_zero()).then_some(weekly),
            eur_per_hour: self.figure(&doc.eur_per_hour, "eur_per_hour", &EUR)?,
            excluded_activities: doc.excluded_activities,
            constants: self.year_constants(doc, table)?,
            sources,
            line: self.line_of(start),
        })
    }

    /// `2025-2026`, the one that follows the previous line.
    fn year_name(&self, year: &Spanned<String>, expected: i32) -> Result<i32, RegulationError> {
        let text = year.get_ref().trim();
        let parsed = text
            .split_once('-')
            .and_then(|(a, b)| Some((a.parse::<i32>().ok()?, b.parse::<i32>().ok()?)))
            .filter(|(a, b)| *b == a + 1 && (1900..=2200).contains(a));
        let wanted = school_year_name(expected);
        match parsed {
            Some((first, _)) if first == expected => Ok(first),
            Some(_) => Err(self.at(
                Some(year.span().start),
                Localized::new(|lang| {
                    trf!(lang,
                        nl: "schooljaar {text} staat hier niet op zijn plaats: verwacht {wanted} (de schooljaren volgen elkaar op vanaf 2019-2020, zonder gat)",
                        fr: "l'année scolaire {text} n'est pas à sa place ici: attendu {wanted} (les années scolaires se suivent à partir de 2019-2020, sans trou)",
                        en: "school year {text} is out of place here: expected {wanted} (school years follow each other from 2019-2020, without a gap)",
                    )
                }),
            )),
            None => {
                let text = crate::values::mask::mask_personal(text);
                Err(self.at(
                    Some(year.span().start),
                    Localized::new(|lang| {
                        trf!(lang,
                            nl: "year = \"{text}\" is geen schooljaar: schrijf \"{wanted}\"",
                            fr: "year = \"{text}\" n'est pas une année scolaire: écrivez \"{wanted}\"",
                            en: "year = \"{text}\" is not a school year: write \"{wanted}\"",
                        )
                    }),
                ))
            }
        }
    }

    fn sources(&self, sources: &Spanned<Vec<String>>) -> Result<Vec<String>, RegulationError> {
        let kept: Vec<String> = sources
            .get_ref()
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if kept.is_empty() {
            return Err(self.at(
                Some(sources.span().start),
                Localized::new(|lang| {
                    trf!(lang,
                        nl: "sources is leeg: elk schooljaar noemt minstens één bron van zijn cijfers",
                        fr: "sources est vide: chaque année scolaire cite au moins une source de ses chiffres",
                        en: "sources is empty: every school year names at least one source of its figures",
                    )
                }),
            ));
        }
        Ok(kept)
    }

    fn deadline(&self, doc: &YearDoc, first_year: i32) -> Result<Deadline, RegulationError> {
        let kind = self.choice(
            &doc.deadline,
            "deadline",
            &[("three_months", false), ("fixed_until", true)],
        )?;
        if !kind {
            if let Some(extra) = doc.last_day.as_ref().or(doc.for_starts_until.as_ref()) {
                return Err(self.at(
                    Some(extra.span().start),
                    Localized::new(|lang| {
                        trf!(lang,
                            nl: "last_day en for_starts_until horen enkel bij deadline = \"fixed_until\"",
                            fr: "last_day et for_starts_until ne vont qu'avec deadline = \"fixed_until\"",
                            en: "last_day and for_starts_until belong only with deadline = \"fixed_until\"",
                        )
                    }),
                ));
            }
            return Ok(Deadline::ThreeMonths);
        }
        let last_day = self.date(doc.last_day.as_ref(), "last_day", doc.deadline.span().start)?;
        let until = self.date(
            doc.for_starts_until.as_ref(),
            "for_starts_until",
            doc.deadline.span().start,
        )?;
        let name = school_year_name(first_year);
        if school_year(until.1) != first_year || last_day.1 < until.1 {
            return Err(self.at(
                Some(until.0),
                Localized::new(|lang| {
                    trf!(lang,
                        nl: "for_starts_until moet in schooljaar {name} liggen en last_day erna",
                        fr: "for_starts_until doit tomber dans l'année scolaire {name} et last_day après",
                        en: "for_starts_until must lie in school year {name} and last_day after it",
                    )
                }),
            ));
        }
        Ok(Deadline::FixedUntil {
            last_day: last_day.1,
            for_starts_until: until.1,
        })
    }

    /// A TOML date (`2020-10-31`, no time) with its offset.
    fn date(
        &self,
        value: Option<&Spanned<toml::value::Datetime>>,
        name: &str,
        section: usize,
    ) -> Result<(usize, NaiveDate), RegulationError> {
        let Some(value) = value else {
            return Err(self.at(
                Some(section),
                Localized::new(|lang| {
                    trf!(lang,
                        nl: "deadline = \"fixed_until\" vraagt {name} (een datum, bijvoorbeeld 2020-10-31)",
                        fr: "deadline = \"fixed_until\" demande {name} (une date, par exemple 2020-10-31)",
                        en: "deadline = \"fixed_until\" needs {name} (a date, for example 2020-10-31)",
                    )
                }),
            ));
        };
        let date = value.get_ref();
        let day = match (date.date, date.time) {
            (Some(d), None) => NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day)),
            _ => None,
        };
        match day {
            Some(day) => Ok((value.span().start, day)),
            None => Err(self.at(
                Some(value.span().start),
                Localized::new(|lang| {
                    trf!(lang,
                        nl: "{name} is geen datum zonder uur: schrijf bijvoorbeeld 2020-10-31",
                        fr: "{name} n'est pas une date sans heure: écrivez par exemple 2020-10-31",
                        en: "{name} is not a date without a time: write for example 2020-10-31",
                    )
                }),
            )),
        }
    }
}
