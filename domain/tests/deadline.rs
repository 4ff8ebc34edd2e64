//! Working-day deadlines, counted over weekends and the holiday table.

use domain::date::Date;
use domain::deadline::{all, current, DueKind, Timeline};
use domain::lifecycle::Status;

fn at(y: i32, m: u32, d: u32, hour: i64) -> i64 {
    Date::from_ymd(y, m, d).unwrap().end_unix_wib() - (24 - hour) * 3600
}

#[test]
fn weekends_are_not_working_days() {
    // Friday 27 Nov 2026 + 3 working days = Wednesday 2 Dec.
    assert_eq!(
        Date::from_ymd(2026, 11, 27).unwrap().add_working_days(3),
        Date::from_ymd(2026, 12, 2).unwrap()
    );
}

#[test]
fn national_holidays_and_cuti_bersama_are_skipped() {
    // 24 Dec 2026 (cuti bersama) and 25 Dec (Natal): Wed 23 Dec + 1 = Mon 28 Dec.
    let d = Date::from_ymd(2026, 12, 23).unwrap();
    assert!(Date::from_ymd(2026, 12, 25).unwrap().holiday().is_some());
    assert_eq!(d.add_working_days(1), Date::from_ymd(2026, 12, 28).unwrap());
    // 17 August is never a working day.
    assert!(!Date::from_ymd(2026, 8, 17).unwrap().is_working_day());
    assert!(!Date::from_ymd(2027, 8, 17).unwrap().is_working_day());
}

#[test]
fn a_new_report_must_be_verified_within_3_working_days_and_then_is_overdue() {
    let received = at(2026, 11, 27, 20); // Friday evening
    let t = Timeline {
        received_at: received,
        ..Default::default()
    };
    let due = current(Status::Diterima, &t, received).unwrap();
    assert_eq!(
        (due.kind, due.date),
        (DueKind::Verification, Date::from_ymd(2026, 12, 2).unwrap())
    );
    assert_eq!(due.working_days_left, 3);
    assert!(
        !current(Status::Diterima, &t, at(2026, 12, 2, 23))
            .unwrap()
            .overdue
    );
    let late = current(Status::Diterima, &t, at(2026, 12, 3, 8)).unwrap();
    assert!(late.overdue);
    assert_eq!(late.working_days_left, -1);
}

#[test]
fn the_unit_has_5_working_days_from_routing_and_the_reporter_10_after_the_answer() {
    let t = Timeline {
        received_at: at(2026, 11, 2, 9),
        with_unit_since: Some(at(2026, 11, 3, 10)),
        answered_at: Some(at(2026, 11, 9, 10)),
    };
    let follow = current(Status::Didisposisikan, &t, at(2026, 11, 4, 9)).unwrap();
    assert_eq!(
        (follow.kind, follow.date),
        (DueKind::FollowUp, Date::from_ymd(2026, 11, 10).unwrap())
    );
    let finish = current(Status::Ditindaklanjuti, &t, at(2026, 11, 9, 11)).unwrap();
    assert_eq!(
        (finish.kind, finish.date),
        (DueKind::AutoFinish, Date::from_ymd(2026, 11, 23).unwrap())
    );
}

#[test]
fn open_reports_must_be_resolved_within_60_days_and_closed_ones_owe_nothing() {
    let t = Timeline {
        received_at: at(2026, 11, 2, 9),
        ..Default::default()
    };
    let dues = all(Status::Didisposisikan, &t, at(2027, 1, 2, 9));
    let res = dues.iter().find(|d| d.kind == DueKind::Resolution).unwrap();
    assert_eq!(res.date, Date::from_ymd(2027, 1, 1).unwrap());
    assert!(res.overdue);
    assert!(all(Status::Selesai, &t, at(2027, 1, 2, 9)).is_empty());
}

#[test]
fn dates_round_trip_and_parse_strictly() {
    for days in (-1000..30000).step_by(37) {
        let d = Date::from_days(days);
        assert_eq!(Date::parse(&d.to_string()), Some(d));
    }
    for bad in [
        "2026-02-30",
        "2026-13-01",
        "26-11-29",
        "2026/11/29",
        "2026-1-5",
        "abcd-ef-gh",
    ] {
        assert_eq!(Date::parse(bad), None, "{bad}");
    }
}
