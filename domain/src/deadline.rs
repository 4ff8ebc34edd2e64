//! Deadlines in working days (national SP4N-LAPOR! rules): verification within 3 working days of
//! receipt, the unit's follow-up within 5 of routing, automatic finish 10 after the answer when
//! the reporter is silent, and resolution within 60 days of receipt. A deadline falls at the end
//! of its day in Natuna (WIB).

use crate::date::Date;
use crate::lifecycle::Status;
use crate::text::Lang;
use serde::{Deserialize, Serialize};

pub const VERIFY_WORKING_DAYS: u32 = 3;
pub const FOLLOW_UP_WORKING_DAYS: u32 = 5;
pub const AUTO_FINISH_WORKING_DAYS: u32 = 10;
pub const RESOLUTION_DAYS: i32 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    /// The coordinator must verify and route.
    Verification,
    /// The unit must answer.
    FollowUp,
    /// The reporter may accept or reopen until then; after it the report finishes itself.
    AutoFinish,
    /// The whole matter must be resolved.
    Resolution,
}

impl DueKind {
    /// What the date means, as a label before it ("Batas waktu verifikasi: 7 Desember 2026").
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (DueKind::Verification, Lang::Id) => "Batas waktu verifikasi",
            (DueKind::Verification, Lang::En) => "Verification due",
            (DueKind::FollowUp, Lang::Id) => "Batas waktu tindak lanjut unit",
            (DueKind::FollowUp, Lang::En) => "The unit must answer by",
            (DueKind::AutoFinish, Lang::Id) => "Selesai otomatis jika tidak ditanggapi pada",
            (DueKind::AutoFinish, Lang::En) => "Closes automatically if you do not reply by",
            (DueKind::Resolution, Lang::Id) => "Batas waktu penyelesaian",
            (DueKind::Resolution, Lang::En) => "Must be resolved by",
        }
    }
    /// The step's short name, for officers' queues ("Verifikasi: 7 Desember 2026").
    pub fn short(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (DueKind::Verification, Lang::Id) => "Verifikasi",
            (DueKind::Verification, Lang::En) => "Verification",
            (DueKind::FollowUp, Lang::Id) => "Tindak lanjut",
            (DueKind::FollowUp, Lang::En) => "Follow-up",
            (DueKind::AutoFinish, Lang::Id) => "Selesai otomatis",
            (DueKind::AutoFinish, Lang::En) => "Auto-finish",
            (DueKind::Resolution, Lang::Id) => "Penyelesaian",
            (DueKind::Resolution, Lang::En) => "Resolution",
        }
    }
    /// Officers are late when this passes (the reporter's own window is not an officer's delay).
    pub fn is_officers(self) -> bool {
        self != DueKind::AutoFinish
    }
}

/// "3 hari kerja lagi", "hari ini", "terlambat 2 hari kerja".
pub fn days_left_text(working_days_left: i32, lang: Lang) -> String {
    match (working_days_left, lang) {
        (0, Lang::Id) => "hari ini".into(),
        (0, Lang::En) => "today".into(),
        (n, Lang::Id) if n < 0 => format!("terlambat {} hari kerja", -n),
        (n, Lang::En) if n < 0 => format!("overdue by {} working days", -n),
        (n, Lang::Id) => format!("{n} hari kerja lagi"),
        (n, Lang::En) => format!("{n} working days left"),
    }
}

/// What is due for a report, by when, and whether it is late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Due {
    pub kind: DueKind,
    /// The last day (WIB).
    pub date: Date,
    /// The first second after the deadline (Unix).
    pub at: i64,
    pub overdue: bool,
    /// Working days from today to the deadline day (0 on the day itself; negative when late).
    pub working_days_left: i32,
}

/// The moments a report's deadlines count from (Unix seconds).
#[derive(Debug, Clone, Copy, Default)]
pub struct Timeline {
    pub received_at: i64,
    /// The latest routing or reopening: when the current unit's clock started.
    pub with_unit_since: Option<i64>,
    pub answered_at: Option<i64>,
}

fn due(kind: DueKind, date: Date, now: i64) -> Due {
    let today = Date::from_unix_wib(now);
    let at = date.end_unix_wib();
    let left = if today <= date {
        today.working_days_until(date) as i32
    } else {
        -(date.working_days_until(today) as i32)
    };
    Due {
        kind,
        date,
        at,
        overdue: now >= at,
        working_days_left: left,
    }
}

/// The step deadline for the current status, if any.
pub fn current(status: Status, t: &Timeline, now: i64) -> Option<Due> {
    current_date(status, t).map(|(kind, date)| due(kind, date, now))
}

/// What the current step's deadline is and its last day, without counting from today.
pub fn current_date(status: Status, t: &Timeline) -> Option<(DueKind, Date)> {
    let from = |at: i64, n| Date::from_unix_wib(at).add_working_days(n);
    match status {
        Status::Diterima | Status::Terverifikasi => Some((
            DueKind::Verification,
            from(t.received_at, VERIFY_WORKING_DAYS),
        )),
        Status::Didisposisikan | Status::DibukaKembali => {
            let since = t.with_unit_since.unwrap_or(t.received_at);
            Some((DueKind::FollowUp, from(since, FOLLOW_UP_WORKING_DAYS)))
        }
        Status::Ditindaklanjuti => t
            .answered_at
            .map(|a| (DueKind::AutoFinish, from(a, AUTO_FINISH_WORKING_DAYS))),
        _ => None,
    }
}

/// The moment the current step is overdue (the first second after its last day, WIB).
pub fn current_at(status: Status, t: &Timeline) -> Option<i64> {
    current_date(status, t).map(|(_, d)| d.end_unix_wib())
}

/// The 60-day resolution deadline, while the report is open.
pub fn resolution(status: Status, t: &Timeline, now: i64) -> Option<Due> {
    (!status.is_terminal()).then(|| {
        due(
            DueKind::Resolution,
            Date::from_unix_wib(t.received_at).add_days(RESOLUTION_DAYS),
            now,
        )
    })
}

/// Everything due, the current step first.
pub fn all(status: Status, t: &Timeline, now: i64) -> Vec<Due> {
    current(status, t, now)
        .into_iter()
        .chain(resolution(status, t, now))
        .collect()
}

/// The one definition of "answered on time", used by the home page, `/api/v1/stats` and monev:
/// the unit's first answer came by the end of the follow-up deadline counted from when the
/// report last reached a unit before that answer. Decided once, when the first answer is given,
/// and stored with the report; a later reopening does not change it.
pub fn answered_on_time(with_unit_since: i64, answered_at: i64) -> bool {
    let deadline = Date::from_unix_wib(with_unit_since)
        .add_working_days(FOLLOW_UP_WORKING_DAYS)
        .end_unix_wib();
    answered_at < deadline
}

/// "Verified on time": the coordinator verified (and routed) the report by the end of the
/// verification deadline counted from its arrival.
pub fn verified_on_time(received_at: i64, verified_at: i64) -> bool {
    let deadline = Date::from_unix_wib(received_at)
        .add_working_days(VERIFY_WORKING_DAYS)
        .end_unix_wib();
    verified_at < deadline
}

/// How a report stands against the follow-up deadline, as exports and reports to SP4N-LAPOR!
/// put it: first answered on time (`answered_on_time`, stored at the first answer), late (first
/// answered late, or still unanswered past an officer's deadline today), or pending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    OnTime,
    Late,
    Pending,
}

impl Outcome {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Outcome::OnTime, Lang::Id) => "Tepat waktu",
            (Outcome::OnTime, Lang::En) => "On time",
            (Outcome::Late, Lang::Id) => "Terlambat",
            (Outcome::Late, Lang::En) => "Late",
            (Outcome::Pending, Lang::Id) => "Belum ditanggapi",
            (Outcome::Pending, Lang::En) => "Not answered yet",
        }
    }
}

/// The outcome of a report: its stored first answer decides; without one, whether an
/// officer's deadline for its current step has passed by `now`.
pub fn outcome(
    status: Status,
    first_answer_on_time: Option<bool>,
    t: &Timeline,
    now: i64,
) -> Outcome {
    match first_answer_on_time {
        Some(true) => Outcome::OnTime,
        Some(false) => Outcome::Late,
        None if current(status, t, now).is_some_and(|d| d.overdue && d.kind.is_officers()) => {
            Outcome::Late
        }
        None => Outcome::Pending,
    }
}

/// Working days from when a report reached its unit to the unit's answer (0 on the same day).
pub fn working_days_between(from: i64, to: i64) -> u32 {
    Date::from_unix_wib(from).working_days_until(Date::from_unix_wib(to))
}

/// The dates a new report's receipt promises: verified by the coordinator by the first, and, if
/// routed on that last day, answered by the unit by the second. Either comes sooner when the
/// steps before it do.
pub fn promised(received_at: i64) -> (Date, Date) {
    let verify_by = Date::from_unix_wib(received_at).add_working_days(VERIFY_WORKING_DAYS);
    (
        verify_by,
        verify_by.add_working_days(FOLLOW_UP_WORKING_DAYS),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outcome_is_the_stored_answer_or_an_officers_passed_deadline() {
        // Monday 7 December 2026, 10:00 WIB.
        let received = Date::from_ymd(2026, 12, 7).unwrap().days() as i64 * 86_400 + 3 * 3600;
        let t = Timeline {
            received_at: received,
            with_unit_since: Some(received),
            answered_at: None,
        };
        let later = |days: i64| received + days * 86_400;
        let s = Status::Didisposisikan;
        assert_eq!(outcome(s, None, &t, later(1)), Outcome::Pending);
        assert_eq!(outcome(s, None, &t, later(14)), Outcome::Late);
        assert_eq!(outcome(s, Some(true), &t, later(14)), Outcome::OnTime);
        assert_eq!(
            outcome(Status::Selesai, Some(false), &t, later(1)),
            Outcome::Late
        );
        // The reporter's own window is no officer's delay.
        let answered = Timeline {
            answered_at: Some(later(1)),
            ..t
        };
        assert_eq!(
            outcome(Status::Ditindaklanjuti, None, &answered, later(60)),
            Outcome::Pending
        );
        assert_eq!(Outcome::Late.label(Lang::Id), "Terlambat");
    }
}
