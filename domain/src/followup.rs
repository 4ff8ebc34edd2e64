//! The follow-up after the answer: some working days after a report is finished (the operator's
//! setting, `WORKING_DAYS_DEFAULT` unless set), the reporter is asked once "Apakah masalahnya
//! benar-benar sudah selesai?". "Sudah" counts the report as actually fixed; "belum" reopens it
//! when the reporter may still reopen it (`lifecycle::transition` decides), and otherwise counts
//! it as unresolved after the answer. Monev shows answered and actually fixed side by side.

use crate::lifecycle::{transition, Action, Context, Role, Status};
use crate::{Date, Lang};
use serde::{Deserialize, Serialize};

/// Working days after a report is finished before the reporter is asked, unless the operator
/// sets another number.
pub const WORKING_DAYS_DEFAULT: u32 = 20;

/// The reporter's reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// The problem is really solved.
    Sudah,
    /// It is not.
    Belum,
}

impl Reply {
    pub const ALL: [Reply; 2] = [Reply::Sudah, Reply::Belum];
    pub fn code(self) -> &'static str {
        match self {
            Reply::Sudah => "sudah",
            Reply::Belum => "belum",
        }
    }
    pub fn parse(s: &str) -> Option<Reply> {
        Reply::ALL.into_iter().find(|r| r.code() == s.trim())
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Reply::Sudah, Lang::Id) => "Sudah, masalahnya benar-benar selesai",
            (Reply::Belum, Lang::Id) => "Belum, masalahnya belum selesai",
            (Reply::Sudah, Lang::En) => "Yes, the problem is really solved",
            (Reply::Belum, Lang::En) => "No, the problem is not solved",
        }
    }
    /// The public history line this reply leaves.
    pub fn history_note(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Reply::Sudah, Lang::Id) => "Pelapor menyatakan masalahnya sudah benar-benar selesai.",
            (Reply::Belum, Lang::Id) => "Pelapor menyatakan masalahnya belum selesai.",
            (Reply::Sudah, Lang::En) => "The reporter says the problem is really solved.",
            (Reply::Belum, Lang::En) => "The reporter says the problem is not solved.",
        }
    }
}

/// The reply field of `wire::FollowUpRequest`, checked.
pub fn parse_reply(raw: &str) -> Result<Reply, crate::FieldError> {
    Reply::parse(raw).ok_or_else(|| {
        crate::FieldError::new(
            "reply",
            "invalid",
            format!(
                "Pilih jawaban \"{}\" (masalahnya sudah selesai) atau \"{}\" (belum selesai).",
                Reply::Sudah.code(),
                Reply::Belum.code()
            ),
            format!(
                "Choose the reply \"{}\" (the problem is solved) or \"{}\" (it is not).",
                Reply::Sudah.code(),
                Reply::Belum.code()
            ),
        )
    })
}

/// The question, as the reporter reads it.
pub fn question(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "Apakah masalahnya benar-benar sudah selesai?",
        Lang::En => "Is the problem really solved?",
    }
}

/// When the reporter is asked: the start of the `working_days`th working day after the day the
/// report finished (WIB).
pub fn due_at(finished_at: i64, working_days: u32) -> i64 {
    Date::from_unix_wib(finished_at)
        .add_working_days(working_days.max(1))
        .add_days(-1)
        .end_unix_wib()
}

/// What a reply does.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Counted as actually fixed.
    Fixed,
    /// "Belum" while the reporter may still reopen: the report is reopened with this move.
    Reopen(Action),
    /// "Belum" when it can no longer be reopened: counted as unresolved after the answer.
    Unresolved,
}

/// What a reply to the follow-up does to a report in `status`, answered at `answered_at`.
pub fn outcome(reply: Reply, status: Status, answered_at: Option<i64>, now: i64) -> Outcome {
    if reply == Reply::Sudah {
        return Outcome::Fixed;
    }
    let reopen = Action::Reopen {
        reason: Reply::Belum.history_note(Lang::Id).to_string(),
    };
    match transition(status, Role::Pelapor, &reopen, Context { now, answered_at }) {
        Ok(_) => Outcome::Reopen(reopen),
        Err(_) => Outcome::Unresolved,
    }
}

/// A report is waiting for the reporter's reply: asked, and not yet answered.
pub fn awaiting(asked_at: Option<i64>, reply: Option<Reply>) -> bool {
    asked_at.is_some() && reply.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_counts_working_days_from_the_finishing_day() {
        // Friday 2026-11-27 12:00 WIB; 20 working days later (no holidays in between) is
        // Friday 2026-12-25 unless a holiday falls in: the due moment is never before
        // 20 calendar-weekdays.
        let fri = Date::from_ymd(2026, 11, 27).unwrap().end_unix_wib() - 12 * 3600;
        let due = due_at(fri, 20);
        assert!(Date::from_unix_wib(due) >= Date::from_unix_wib(fri).add_days(27));
        assert!(due > fri);
        assert_eq!(
            due_at(fri, 1),
            Date::from_ymd(2026, 11, 30).unwrap().end_unix_wib() - 86_400
        );
    }

    #[test]
    fn belum_reopens_only_while_reopening_is_allowed() {
        let now = 1_800_000_000;
        assert!(matches!(
            outcome(Reply::Belum, Status::Ditindaklanjuti, Some(now - 3600), now),
            Outcome::Reopen(Action::Reopen { .. })
        ));
        assert_eq!(
            outcome(Reply::Belum, Status::Selesai, Some(now - 90 * 86_400), now),
            Outcome::Unresolved
        );
        assert_eq!(
            outcome(Reply::Sudah, Status::Selesai, Some(now), now),
            Outcome::Fixed
        );
    }
}
