use super::*;
use crate::lang::Lang;
use crate::model::test_support::{date, request};

#[test]
fn hours_per_unit_and_hbo5_rate() {
    let mut r = request();
    r.aantal = Decimal::from(10);
    r.eenheid = Unit::Studiepunten;
    assert_eq!(vov_hours(&r), Decimal::from(40));
    r.opleidingstype = Some(TrainingType::Hbo5);
    r.startdatum = date(2022, 8, 31);
    r.einddatum = date(2023, 6, 30);
    assert_eq!(vov_hours(&r), Decimal::from(60));
    r.startdatum = date(2022, 9, 1);
    assert_eq!(vov_hours(&r), Decimal::from(40));
    r.eenheid = Unit::Examens;
    r.aantal = Decimal::from(3);
    assert_eq!(vov_hours(&r), Decimal::from(24));
}

#[test]
fn evc_is_a_word_of_the_title_or_the_type() {
    let mut r = request();
    r.titel = Some("Traject EVC Lasser".into());
    assert!(is_evc(&r));
    assert_eq!(vov_hours(&r), Decimal::from(16));
    r.titel = Some("Levcursus".into());
    assert!(!is_evc(&r));
    assert_eq!(vov_hours(&r), r.aantal);
}

#[test]
fn the_last_day_follows_the_source_examples() {
    assert_eq!(last_day_to_submit(date(2022, 9, 26)), date(2022, 12, 25));
    assert_eq!(last_day_to_submit(date(2023, 8, 31)), date(2023, 11, 30));
    assert_eq!(last_day_to_submit(date(2023, 11, 30)), date(2024, 2, 29));
    assert_eq!(last_day_to_submit(date(2022, 11, 30)), date(2023, 2, 28));
    assert_eq!(last_day_to_submit(date(2023, 11, 29)), date(2024, 2, 28));
    assert_eq!(last_day_to_submit(date(2022, 10, 1)), date(2022, 12, 31));
    assert_eq!(last_day_to_submit(date(2022, 12, 31)), date(2023, 3, 30));
    // 2025-2026 and the provisional 2026-2027: three months.
    assert_eq!(last_day_to_submit(date(2025, 9, 1)), date(2025, 11, 30));
    assert_eq!(last_day_to_submit(date(2026, 9, 1)), date(2026, 11, 30));
}

#[test]
fn the_fixed_last_days_of_2019_2020_and_2021_2022() {
    // 2019-2020: up to a start on 1 August 2020, until 31 October 2020.
    assert_eq!(last_day_to_submit(date(2019, 9, 1)), date(2020, 10, 31));
    assert_eq!(last_day_to_submit(date(2020, 7, 31)), date(2020, 10, 31));
    assert_eq!(last_day_to_submit(date(2020, 8, 1)), date(2020, 10, 31));
    assert_eq!(last_day_to_submit(date(2020, 8, 2)), date(2020, 11, 1));
    // 2020-2021: three months.
    assert_eq!(last_day_to_submit(date(2020, 9, 1)), date(2020, 11, 30));
    // 2021-2022: every start until 30 November 2022.
    assert_eq!(last_day_to_submit(date(2021, 8, 31)), date(2021, 11, 30));
    assert_eq!(last_day_to_submit(date(2021, 9, 1)), date(2022, 11, 30));
    assert_eq!(last_day_to_submit(date(2022, 8, 31)), date(2022, 11, 30));
    // Before VOV (R202's): three months, not the first year's fixed day.
    assert_eq!(last_day_to_submit(date(2019, 8, 31)), date(2019, 11, 30));
    assert_eq!(fixed_last_day(date(2019, 8, 31)), None);
    // 2022-2023: strict again.
    assert_eq!(last_day_to_submit(date(2022, 9, 1)), date(2022, 11, 30));
    assert_eq!(last_day_to_submit(date(2022, 9, 26)), date(2022, 12, 25));
}

#[test]
fn the_built_in_table_reads_and_matches_the_catalogue() {
    let table = Regulation::built_in();
    assert_eq!(table.origin(), &Origin::BuiltIn);
    assert_eq!(table.sha256().len(), 64);
    let names: Vec<String> = table.years().iter().map(SchoolYear::name).collect();
    assert_eq!(
        names,
        [
            "2019-2020",
            "2020-2021",
            "2021-2022",
            "2022-2023",
            "2023-2024",
            "2024-2025",
            "2025-2026",
            "2026-2027"
        ]
    );
    let year = |first: i32| table.year(first);
    assert_eq!(year(2019).first_year, 2019);
    assert_eq!(year(2010).first_year, 2019);
    assert_eq!(year(2023).twp_reference, ReferenceMonth::MarchBefore);
    assert_eq!(year(2020).combining, Combining::SameTraining);
    assert_eq!(year(2024).combining, Combining::AllEnrolments);
    assert_eq!(year(2025).combining, Combining::Uncertain);
    // The shared initiative ran on in 2024-2025 and was made structural (rev 3).
    assert!(!year(2020).shared_initiative && year(2021).shared_initiative && year(2024).shared_initiative);
    assert!(year(2025).shared_initiative && year(2026).shared_initiative);
    // 2025-2026: 80 %, 28 hours a week, EUR 14.91, activities excluded by name.
    assert_eq!(year(2024).minimum_twp, Decimal::from(50));
    assert_eq!(year(2025).minimum_twp, Decimal::from(80));
    assert_eq!(year(2024).minimum_weekly_hours, None);
    assert_eq!(year(2025).minimum_weekly_hours, Some(Decimal::from(28)));
    assert_eq!(year(2024).eur_per_hour.to_string(), "21.30");
    assert_eq!(year(2025).eur_per_hour.to_string(), "14.91");
    assert!(!year(2024).excluded_activities && year(2025).excluded_activities);
    assert_eq!(year(2025).status, YearStatus::Confirmed);
    assert_eq!(year(2026).status, YearStatus::Provisional);
    // Every later year: the last line's figures, provisional.
    assert_eq!(year(2040).minimum_twp, Decimal::from(80));
    assert!(table.is_provisional(2040) && table.is_provisional(2026) && !table.is_provisional(2025));
    // The constants, with HBO5's 6 up to 2021-2022.
    assert_eq!(year(2021).constants.hbo5_hours_per_study_point, Decimal::from(6));
    assert_eq!(year(2022).constants.hbo5_hours_per_study_point, Decimal::from(4));
    assert_eq!(year(2025).constants.full_time_hours, Decimal::from(125));
    assert_eq!(year(2025).constants.base_minimum_twp, Decimal::from(50));
    assert!(table.years().iter().all(|y| !y.sources.is_empty()));
}

#[test]
fn a_new_hire_takes_the_later_of_the_two_last_days() {
    let mut r = request();
    r.startdatum = date(2026, 9, 1);
    assert_eq!(last_day_of(&r), date(2026, 11, 30));
    r.indiensttreding = Some(date(2026, 11, 1));
    assert_eq!(last_day_of(&r), date(2027, 1, 31));
    r.indiensttreding = Some(date(2026, 8, 1));
    assert_eq!(last_day_of(&r), date(2026, 11, 30));
}

#[test]
fn the_cap_is_125_for_full_time_and_93_75_at_75() {
    assert_eq!(yearly_cap(2025, None), Decimal::from(125));
    assert_eq!(yearly_cap(2025, Some(Decimal::from(75))), Decimal::new(9375, 2));
}

/// The built-in text with `from` replaced by `to` (once), parsed.
fn edited(from: &str, to: &str) -> Result<Regulation, RegulationError> {
    assert!(BUILT_IN_TEXT.contains(from), "the template holds {from:?}");
    let text = BUILT_IN_TEXT.replacen(from, to, 1);
    Regulation::parse(&text, Origin::File("mine.toml".into()))
}

/// The line of the built-in text where `needle` first stands.
fn line_of(needle: &str) -> usize {
    let at = BUILT_IN_TEXT.find(needle).expect("in the template");
    BUILT_IN_TEXT[..at].lines().count() + 1
}

#[test]
fn an_edited_copy_changes_the_figures() {
    let text = BUILT_IN_TEXT.replacen(
        "year = \"2026-2027\"\nstatus = \"provisional\"",
        "year = \"2026-2027\"\nstatus = \"confirmed\"",
        1,
    );
    let text = text.replacen(
        "eur_per_hour = \"14.91\"\nexcluded_activities = true\nsources = [\n  \"carried",
        "eur_per_hour = 16.5\nexcluded_activities = true\nsources = [\n  \"carried",
        1,
    );
    let table = Regulation::parse(&text, Origin::File("mine.toml".into())).expect("a good table");
    assert_eq!(table.year(2026).status, YearStatus::Confirmed);
    assert_eq!(table.year(2026).eur_per_hour, Decimal::new(165, 1));
    assert!(table.is_provisional(2027));
    assert_ne!(table.sha256(), Regulation::built_in().sha256());
}

#[test]
fn a_broken_table_names_its_line_and_what_is_wrong() {
    let error = edited("minimum_twp = \"80\"", "minimum_twp = \"180\"").unwrap_err();
    assert_eq!(error.file, "mine.toml");
    assert_eq!(error.line, Some(line_of("minimum_twp = \"80\"")));
    assert_eq!(
        error.message(Lang::En),
        format!(
            "line {}: minimum_twp = 180 is out of range: expected from 0 to 100",
            line_of("minimum_twp = \"80\"")
        )
    );
    assert!(
        error.message(Lang::Nl).contains("ligt buiten het bereik"),
        "{}",
        error.message(Lang::Nl)
    );
    assert!(
        error.message(Lang::Fr).contains("hors limites"),
        "{}",
        error.message(Lang::Fr)
    );

    let gap = edited("year = \"2022-2023\"", "year = \"2023-2024\"").unwrap_err();
    assert_eq!(gap.line, Some(line_of("year = \"2022-2023\"")));
    assert!(
        gap.message(Lang::En).contains("expected 2022-2023"),
        "{}",
        gap.message(Lang::En)
    );

    let status = edited("status = \"provisional\"", "status = \"maybe\"").unwrap_err();
    assert!(
        status.message(Lang::En).contains("\"confirmed\", \"provisional\""),
        "{}",
        status.message(Lang::En)
    );

    let no_source = edited(
        "sources = [\n  \"carried over from 2025-2026: the 2025-2026 measures were temporary",
        "sources = []\nold_sources = [\n  \"carried",
    )
    .unwrap_err();
    assert!(
        no_source.message(Lang::En).contains("unknown field"),
        "{}",
        no_source.message(Lang::En)
    );

    let missing_status = edited(
        "year = \"2024-2025\"\nstatus = \"confirmed\"\n",
        "year = \"2024-2025\"\n",
    )
    .unwrap_err();
    assert!(
        missing_status.message(Lang::En).contains("missing field `status`"),
        "{}",
        missing_status.message(Lang::En)
    );

    let rate = edited("eur_per_hour = \"14.91\"", "eur_per_hour = \"14,91\"").unwrap_err();
    assert!(
        rate.message(Lang::Fr).contains("n'est pas un nombre"),
        "{}",
        rate.message(Lang::Fr)
    );
    let cents = edited("eur_per_hour = \"14.91\"", "eur_per_hour = \"14.915\"").unwrap_err();
    assert!(
        cents.message(Lang::En).contains("too many decimals"),
        "{}",
        cents.message(Lang::En)
    );
    let zero = edited("eur_per_hour = \"14.91\"", "eur_per_hour = 0").unwrap_err();
    assert!(zero.message(Lang::En).contains("above 0"), "{}", zero.message(Lang::En));

    let syntax = edited("edition = \"2026-12-07\"", "edition = 2026-12-07 x").unwrap_err();
    assert_eq!(syntax.line, Some(line_of("edition = \"2026-12-07\"")));
    assert!(syntax
        .message(Lang::Nl)
        .starts_with(&format!("regel {}: geen geldige", syntax.line.unwrap_or(0))));
}

#[test]
fn the_fixed_deadline_needs_its_dates_in_its_year() {
    let outside = edited("for_starts_until = 2020-08-01", "for_starts_until = 2021-08-01").unwrap_err();
    assert!(
        outside.message(Lang::En).contains("must lie in school year 2019-2020"),
        "{}",
        outside.message(Lang::En)
    );
    let missing = edited("last_day = 2020-10-31\n", "").unwrap_err();
    assert!(
        missing.message(Lang::En).contains("needs last_day"),
        "{}",
        missing.message(Lang::En)
    );
    let stray = edited(
        "year = \"2020-2021\"\nstatus = \"confirmed\"\ndeadline = \"three_months\"",
        "year = \"2020-2021\"\nstatus = \"confirmed\"\ndeadline = \"three_months\"\nlast_day = 2021-10-31",
    )
    .unwrap_err();
    assert!(
        stray.message(Lang::En).contains("belong only with"),
        "{}",
        stray.message(Lang::En)
    );
}

#[test]
fn a_table_must_start_in_2019_2020_and_have_a_year() {
    let late = edited("year = \"2019-2020\"", "year = \"2020-2021\"").unwrap_err();
    assert!(
        late.message(Lang::En).contains("expected 2019-2020"),
        "{}",
        late.message(Lang::En)
    );
    let head = BUILT_IN_TEXT.split("[[school_year]]").next().unwrap_or_default();
    let empty = Regulation::parse(head, Origin::File("empty.toml".into())).unwrap_err();
    assert_eq!(empty.line, None);
    assert!(
        empty.message(Lang::En).contains("no school year"),
        "{}",
        empty.message(Lang::En)
    );
}

#[test]
fn a_file_that_is_no_table_is_refused_with_its_name() {
    let dir = tempfile::tempdir().expect("a folder");
    let missing = Regulation::load(&dir.path().join("nope.toml")).unwrap_err();
    assert!(missing.file.ends_with("nope.toml"));
    assert!(missing.message(Lang::En).contains("cannot read the regulation table"));
    let folder = Regulation::load(dir.path()).unwrap_err();
    assert!(
        folder.message(Lang::En).contains("is not a regulation table"),
        "{}",
        folder.message(Lang::En)
    );
    let latin1 = dir.path().join("latin1.toml");
    std::fs::write(&latin1, b"edition = \"\xe9\"\n").expect("written");
    assert!(Regulation::load(&latin1)
        .unwrap_err()
        .message(Lang::En)
        .contains("UTF-8"));
    let good = dir.path().join("good.toml");
    std::fs::write(&good, BUILT_IN_TEXT).expect("written");
    let table = Regulation::load(&good).expect("reads");
    assert_eq!(table.sha256(), Regulation::built_in().sha256());
    assert_eq!(table.origin(), &Origin::File(good.display().to_string()));
}
