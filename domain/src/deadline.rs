//! Deadlines in working days (national SP4N-LAPOR! rules): verification within 3 working days of
//! receipt, the unit's follow-up within 5 of routing, automatic finish 10 after the answer when
//! the reporter is silent, and resolution within 60 days of receipt. A deadline falls at the end
//! of its day in Natuna (WIB).

use crate::date::Date;
use crate::lifecycle::Status;
use serde::Serialize;

pub const VERIFY_WORKING_DAYS: u32 = 3;
pub const FOLLOW_UP_WORKING_DAYS: u32 = 5;
pub const AUTO_FINISH_WORKING_DAYS: u32 = 10;
pub const RESOLUTION_DAYS: i32 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    let from = |at: i64, n| Date::from_unix_wib(at).add_working_days(n);
    match status {
        Status::Diterima | Status::Terverifikasi => Some(due(
            DueKind::Verification,
            from(t.received_at, VERIFY_WORKING_DAYS),
            now,
        )),
        Status::Didisposisikan | Status::DibukaKembali => {
            let since = t.with_unit_since.unwrap_or(t.received_at);
            Some(due(
                DueKind::FollowUp,
                from(since, FOLLOW_UP_WORKING_DAYS),
                now,
            ))
        }
        Status::Ditindaklanjuti => t
            .answered_at
            .map(|a| due(DueKind::AutoFinish, from(a, AUTO_FINISH_WORKING_DAYS), now)),
        _ => None,
    }
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
