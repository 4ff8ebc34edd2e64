//! `NewReport::parse`: every rule, every error addressed to its field in both languages.

use domain::report::{
    normalize_phone, AttachmentMeta, RawCoord, RawLocation, RawReport, RawReporter, BODY_MAX,
};
use domain::{Date, NewReport, Privacy, ReportType};
use proptest::prelude::*;

fn today() -> Date {
    Date::from_ymd(2026, 11, 29).unwrap()
}

fn valid() -> RawReport {
    RawReport {
        report_type: Some("pengaduan".into()),
        category: Some("jalan-rusak".into()),
        answers: [("status_jalan".to_string(), "kabupaten".to_string())].into(),
        title: Some("Jalan ke Sepempang berlubang".into()),
        body: Some("Lubang besar di jalan dekat SD, motor sering jatuh saat hujan.".into()),
        incident_date: Some("2026-11-20".into()),
        location: RawLocation {
            desa: Some("21.03.07.2004".into()),
            detail: Some("Depan SD Negeri 1".into()),
            lat: None,
            lon: None,
        },
        privacy: Some("publik".into()),
        reporter: RawReporter {
            name: Some("Siti Aminah".into()),
            phone: Some("0812-3456-7890".into()),
            email: None,
        },
        catalog_version: None,
        attachments: vec![],
    }
}

fn errors(raw: &RawReport) -> Vec<(String, &'static str, String)> {
    match NewReport::parse(raw, today()) {
        Ok(_) => vec![],
        Err(e) => e
            .into_iter()
            .map(|e| (e.field, e.code, e.message_id))
            .collect(),
    }
}

fn assert_only_error(raw: &RawReport, field: &str, code: &str) -> String {
    let e = errors(raw);
    assert_eq!(e.len(), 1, "expected one error on {field}, got {e:#?}");
    assert_eq!((e[0].0.as_str(), e[0].1), (field, code), "{e:#?}");
    e[0].2.clone()
}

#[test]
fn a_complete_report_parses_and_routes() {
    let r = NewReport::parse(&valid(), today()).expect("valid");
    assert_eq!(r.report_type, ReportType::Pengaduan);
    assert_eq!(r.reporter.phone.as_deref(), Some("+6281234567890"));
    assert_eq!(r.route().unit.code, "dpupr-bm");
}

#[test]
fn an_empty_form_reports_every_missing_field_at_once() {
    let e = errors(&RawReport::default());
    let fields: Vec<&str> = e.iter().map(|(f, _, _)| f.as_str()).collect();
    for f in ["type", "category", "title", "body", "privacy"] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
    assert!(e.iter().all(|(_, _, m)| m.ends_with('.')));
}

#[test]
fn a_complaint_needs_a_desa_but_a_suggestion_does_not() {
    let mut r = valid();
    r.location.desa = None;
    let msg = assert_only_error(&r, "location.desa", "required");
    assert!(msg.contains("desa/kelurahan"));
    r.report_type = Some("aspirasi".into());
    assert!(errors(&r).is_empty());
}

#[test]
fn a_kecamatan_alone_is_not_enough_for_a_complaint() {
    let mut r = valid();
    r.location.desa = Some("21.03.07".into());
    assert_only_error(&r, "location.desa", "required");
}

#[test]
fn a_region_outside_natuna_is_refused() {
    let mut r = valid();
    r.location.desa = Some("21.71.01.1001".into());
    let msg = assert_only_error(&r, "location.desa", "invalid");
    assert!(msg.contains("Natuna"));
}

#[test]
fn the_body_may_hold_4000_characters_but_not_4001() {
    let mut r = valid();
    r.body = Some("a".repeat(BODY_MAX));
    assert!(errors(&r).is_empty());
    r.body = Some("a".repeat(BODY_MAX + 1));
    let msg = assert_only_error(&r, "body", "too_long");
    assert!(msg.contains("4.000") && msg.contains("4.001"), "{msg}");
}

#[test]
fn length_counts_characters_not_bytes() {
    let mut r = valid();
    r.body = Some("é".repeat(BODY_MAX)); // 2 bytes each in UTF-8
    assert!(errors(&r).is_empty());
}

#[test]
fn decomposed_unicode_is_normalised_to_composed() {
    let mut r = valid();
    r.title = Some("Kafe\u{0301} di pantai tutup terus".into());
    let ok = NewReport::parse(&r, today()).unwrap();
    assert!(ok.title.contains('\u{e9}'));
}

#[test]
fn blank_only_text_is_refused_as_blank() {
    let mut r = valid();
    r.title = Some("   \n\t ".into());
    let msg = assert_only_error(&r, "title", "required");
    assert!(msg.contains("spasi"));
}

#[test]
fn control_characters_and_bidi_overrides_are_refused() {
    let mut r = valid();
    r.body = Some("Lubang besar di jalan\u{0007} dekat sekolah dasar negeri".into());
    assert_only_error(&r, "body", "invalid_character");
    r = valid();
    r.title = Some("Jalan rusak \u{202E}parah sekali".into());
    assert_only_error(&r, "title", "invalid_character");
}

#[test]
fn the_incident_date_cannot_be_in_the_future() {
    let mut r = valid();
    r.incident_date = Some("2026-11-30".into());
    let msg = assert_only_error(&r, "incident_date", "in_future");
    assert!(msg.contains("30 November 2026"));
    r.incident_date = Some("2026-11-29".into());
    assert!(errors(&r).is_empty());
    r.incident_date = Some("29/11/2026".into());
    assert_only_error(&r, "incident_date", "invalid");
}

#[test]
fn phone_numbers_in_indonesian_forms_are_accepted_and_normalised() {
    for (input, want) in [
        ("081234567890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("(0773) 31234", "+6277331234"),
    ] {
        assert_eq!(normalize_phone(input).as_deref(), Some(want), "{input}");
    }
    for bad in [
        "12345",
        "08123",
        "+1 555 123 4567",
        "0812345678901234",
        "08xx1234567",
    ] {
        assert_eq!(normalize_phone(bad), None, "{bad}");
    }
    let mut r = valid();
    r.reporter.phone = Some("12345".into());
    let msg = assert_only_error(&r, "reporter.phone", "invalid");
    assert!(msg.contains("0812"));
}

#[test]
fn email_is_checked_when_given() {
    let mut r = valid();
    r.reporter.email = Some("siti@Natuna.GO.ID".into());
    assert_eq!(
        NewReport::parse(&r, today())
            .unwrap()
            .reporter
            .email
            .as_deref(),
        Some("siti@natuna.go.id")
    );
    for bad in [
        "siti",
        "siti@",
        "siti@natuna",
        "@natuna.go.id",
        "si ti@natuna.go.id",
        "siti@natuna..go.id",
    ] {
        r.reporter.email = Some(bad.into());
        assert_only_error(&r, "reporter.email", "invalid");
    }
}

#[test]
fn a_public_report_needs_a_name_and_points_to_anonim() {
    let mut r = valid();
    r.reporter.name = None;
    let msg = assert_only_error(&r, "reporter.name", "required");
    assert!(msg.contains("Anonim"));
    r.privacy = Some("anonim".into());
    assert!(errors(&r).is_empty());
    r.privacy = Some("rahasia".into());
    assert_eq!(
        NewReport::parse(&r, today()).unwrap().privacy,
        Privacy::Rahasia
    );
    r.privacy = Some("semi".into());
    assert_only_error(&r, "privacy", "invalid");
}

#[test]
fn answers_must_belong_to_the_category_and_its_options() {
    let mut r = valid();
    r.answers.insert("jenjang".into(), "sd".into());
    assert_only_error(&r, "answers.jenjang", "invalid");
    let mut r = valid();
    r.answers.insert("status_jalan".into(), "tol".into());
    assert_only_error(&r, "answers.status_jalan", "invalid");
}

#[test]
fn coordinates_must_be_both_given_numbers_inside_natuna() {
    let mut r = valid();
    r.location.lat = Some(RawCoord::Text("3,94".into()));
    r.location.lon = Some(RawCoord::Num(108.38));
    assert!(errors(&r).is_empty());
    r.location.lon = None;
    assert_only_error(&r, "location.lat", "incomplete");
    r.location.lat = Some(RawCoord::Num(-6.2));
    r.location.lon = Some(RawCoord::Num(106.8)); // Jakarta
    assert_only_error(&r, "location.lat", "outside_natuna");
    r.location.lat = Some(RawCoord::Text("utara".into()));
    assert_only_error(&r, "location.lat", "invalid");
}

#[test]
fn at_most_five_photos_of_known_types_and_size() {
    let photo = |t: &str, size| AttachmentMeta {
        size,
        content_type: t.into(),
    };
    let mut r = valid();
    r.attachments = vec![photo("image/jpeg", 1000); 5];
    assert!(errors(&r).is_empty());
    r.attachments.push(photo("image/jpeg", 1000));
    assert_only_error(&r, "attachments", "too_many");
    r.attachments = vec![photo("application/pdf", 1000)];
    assert_only_error(&r, "attachments", "invalid_type");
    r.attachments = vec![photo("image/png", 11 * 1024 * 1024)];
    assert_only_error(&r, "attachments", "too_large");
}

#[test]
fn every_error_has_an_english_message_too() {
    let e = NewReport::parse(&RawReport::default(), today()).unwrap_err();
    for err in e {
        assert!(
            !err.message_en.is_empty() && err.message_en != err.message_id,
            "{err:?}"
        );
    }
}

proptest! {
    #[test]
    fn parsing_never_panics_and_errors_always_name_a_field(
        title in proptest::option::of(".{0,200}"),
        body in proptest::option::of(".{0,300}"),
        phone in proptest::option::of("[0-9+ ()-]{0,20}"),
        email in proptest::option::of(".{0,40}"),
        date in proptest::option::of("[0-9-]{0,12}"),
        kind in proptest::option::of("(pengaduan|aspirasi|informasi|x)"),
    ) {
        let mut r = valid();
        r.title = title; r.body = body; r.reporter.phone = phone; r.reporter.email = email;
        r.incident_date = date; r.report_type = kind;
        match NewReport::parse(&r, today()) {
            Ok(ok) => {
                prop_assert!(ok.title.chars().count() >= 10 && ok.title.chars().count() <= 150);
                prop_assert!(!ok.title.chars().any(char::is_control));
                prop_assert!(ok.incident_date.map_or(true, |d| d <= today()));
            }
            Err(errs) => {
                prop_assert!(!errs.is_empty());
                for e in errs {
                    prop_assert!(!e.field.is_empty() && !e.message_id.is_empty() && !e.message_en.is_empty());
                }
            }
        }
    }

    #[test]
    fn a_valid_report_stays_valid_when_parsed_again_from_its_own_output(body in "[a-zA-Z .,]{30,200}") {
        let mut r = valid();
        r.body = Some(body);
        if let Ok(ok) = NewReport::parse(&r, today()) {
            let mut again = valid();
            again.body = Some(ok.body.clone());
            let ok2 = NewReport::parse(&again, today()).unwrap();
            prop_assert_eq!(ok.body, ok2.body);
        }
    }
}
