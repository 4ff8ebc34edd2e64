//! The moves by name: which role may make which move from which status (`allowed`, the table
//! `transition` checks first), which moves an officer can make on a report right now
//! (`available_actions`, what the officers' screen offers and the server enforces), and the
//! events a report's history records.

use super::{Role, Status, TransitionError};
use crate::catalog::Unit;
use crate::text::Lang;
use serde::{Deserialize, Serialize};

/// A move by name, as the officers' API and the history name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Verify,
    Route,
    Reroute,
    Return,
    Answer,
    Accept,
    Reopen,
    AutoFinish,
    NotAuthority,
    Merge,
    Reject,
}

impl ActionKind {
    pub const ALL: [ActionKind; 11] = [
        ActionKind::Verify,
        ActionKind::Route,
        ActionKind::Reroute,
        ActionKind::Return,
        ActionKind::Answer,
        ActionKind::Accept,
        ActionKind::Reopen,
        ActionKind::AutoFinish,
        ActionKind::NotAuthority,
        ActionKind::Merge,
        ActionKind::Reject,
    ];
    /// The moves an officer makes (the others are the reporter's and the system's).
    pub const OFFICERS: [ActionKind; 8] = [
        ActionKind::Verify,
        ActionKind::Route,
        ActionKind::Reroute,
        ActionKind::Return,
        ActionKind::Answer,
        ActionKind::NotAuthority,
        ActionKind::Merge,
        ActionKind::Reject,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ActionKind::Verify => "verify",
            ActionKind::Route => "route",
            ActionKind::Reroute => "reroute",
            ActionKind::Return => "return",
            ActionKind::Answer => "answer",
            ActionKind::Accept => "accept",
            ActionKind::Reopen => "reopen",
            ActionKind::AutoFinish => "auto_finish",
            ActionKind::NotAuthority => "not_authority",
            ActionKind::Merge => "merge",
            ActionKind::Reject => "reject",
        }
    }
    pub fn parse(s: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|a| a.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ActionKind::Verify, Lang::Id) => "Verifikasi dan teruskan",
            (ActionKind::Route, Lang::Id) => "Teruskan ke unit",
            (ActionKind::Reroute, Lang::Id) => "Alihkan ke unit lain",
            (ActionKind::Return, Lang::Id) => "Kembalikan ke koordinator (salah alamat)",
            (ActionKind::Answer, Lang::Id) => "Tindak lanjut (jawaban)",
            (ActionKind::Accept, Lang::Id) => "Pelapor menerima jawaban",
            (ActionKind::Reopen, Lang::Id) => "Pelapor membuka kembali",
            (ActionKind::AutoFinish, Lang::Id) => "Selesai otomatis",
            (ActionKind::NotAuthority, Lang::Id) => "Bukan wewenang Pemkab",
            (ActionKind::Merge, Lang::Id) => "Gabungkan dengan laporan lain",
            (ActionKind::Reject, Lang::Id) => "Tolak",
            (ActionKind::Verify, Lang::En) => "Verify and route",
            (ActionKind::Route, Lang::En) => "Route to a unit",
            (ActionKind::Reroute, Lang::En) => "Pass to another unit",
            (ActionKind::Return, Lang::En) => "Return to the coordinator (wrong unit)",
            (ActionKind::Answer, Lang::En) => "Answer",
            (ActionKind::Accept, Lang::En) => "The reporter accepted",
            (ActionKind::Reopen, Lang::En) => "The reporter reopened",
            (ActionKind::AutoFinish, Lang::En) => "Finished automatically",
            (ActionKind::NotAuthority, Lang::En) => "Not the regency's authority",
            (ActionKind::Merge, Lang::En) => "Merge with another report",
            (ActionKind::Reject, Lang::En) => "Reject",
        }
    }
    /// Only the unit holding the report (or one above it) may make this move.
    fn needs_holder(self, role: Role) -> bool {
        match self {
            ActionKind::Answer | ActionKind::Return => true,
            ActionKind::Reroute => role == Role::PenghubungOpd,
            _ => false,
        }
    }
}

/// Who may make which move from which status. `transition` asks this first; the payload's own
/// checks (a reason, a unit, the reporter's window) come after.
pub fn allowed(kind: ActionKind, role: Role, from: Status) -> Result<(), TransitionError> {
    use Status::*;
    let roles_ok = match kind {
        ActionKind::Verify
        | ActionKind::Route
        | ActionKind::NotAuthority
        | ActionKind::Merge
        | ActionKind::Reject => role == Role::Koordinator,
        ActionKind::Reroute => matches!(role, Role::Koordinator | Role::PenghubungOpd),
        ActionKind::Return => matches!(
            role,
            Role::PenghubungOpd | Role::PetugasUnit | Role::PetugasWilayah
        ),
        ActionKind::Answer => role.is_handler(),
        ActionKind::Accept | ActionKind::Reopen => role == Role::Pelapor,
        ActionKind::AutoFinish => role == Role::Sistem,
    };
    if !roles_ok {
        return Err(TransitionError::Forbidden {
            action: kind.code(),
            role,
        });
    }
    let status_ok = match kind {
        ActionKind::Verify => from == Diterima,
        ActionKind::Route => from == Terverifikasi,
        ActionKind::Reroute | ActionKind::Return | ActionKind::Answer => from.is_with_unit(),
        ActionKind::Accept | ActionKind::Reopen | ActionKind::AutoFinish => from == Ditindaklanjuti,
        ActionKind::NotAuthority | ActionKind::Merge | ActionKind::Reject => {
            matches!(from, Diterima | Terverifikasi)
        }
    };
    if status_ok {
        Ok(())
    } else {
        Err(TransitionError::NotFromStatus {
            action: kind.code(),
            status: from,
        })
    }
}

/// What `available_actions` needs to know about a report.
#[derive(Debug, Clone, Copy)]
pub struct Holder<'a> {
    pub status: Status,
    /// The unit the report sits with now.
    pub unit: &'a Unit,
}

/// The moves this officer can make on this report now, in the order the screen offers them.
/// The server refuses any other (and checks each move's payload with `transition`).
pub fn available_actions(role: Role, officer_unit: &Unit, report: Holder) -> Vec<ActionKind> {
    ActionKind::OFFICERS
        .into_iter()
        .filter(|k| allowed(*k, role, report.status).is_ok())
        .filter(|k| !k.needs_holder(role) || report.unit.is_within(officer_unit))
        .collect()
}

/// What a line of a report's history records: a move, or one of the entries that change no
/// status (the report arriving, the reporter adding information, an internal note, a privacy
/// change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    Submit,
    Move(ActionKind),
    Info,
    Note,
    Privacy,
    /// The reporter's reply to the follow-up after the report finished (`followup::Reply`).
    FollowUp,
    /// The category's automatic first reply (`template::first_reply`), when the report first
    /// reaches a unit.
    FirstReply,
    /// A coordinator opened the hidden reporter's identity; the note is the reason (officers
    /// see the entry; the reporter sees the unit, the time and the reason).
    IdentityOpened,
    /// Hidden from the public pending review (`moderation::Hold::Flags`): the note says why.
    Held,
    /// Released to the public after review.
    Released,
    /// Part of the report redacted (`redaction`): the note says what and why, never the words.
    Redacted,
}

impl Event {
    pub fn code(self) -> &'static str {
        match self {
            Event::Submit => "submit",
            Event::Move(k) => k.code(),
            Event::Info => "info",
            Event::Note => "note",
            Event::Privacy => "privacy",
            Event::FollowUp => "followup",
            Event::FirstReply => "first_reply",
            Event::IdentityOpened => "identity",
            Event::Held => "held",
            Event::Released => "released",
            Event::Redacted => "redacted",
        }
    }
    /// Every entry that is not a move.
    pub const NOT_MOVES: [Event; 10] = [
        Event::Submit,
        Event::Info,
        Event::Note,
        Event::Privacy,
        Event::FollowUp,
        Event::FirstReply,
        Event::IdentityOpened,
        Event::Held,
        Event::Released,
        Event::Redacted,
    ];
    pub fn parse(s: &str) -> Option<Event> {
        Event::NOT_MOVES
            .into_iter()
            .find(|e| e.code() == s)
            .or_else(|| ActionKind::parse(s).map(Event::Move))
    }
    /// The public sees these entries; notes, privacy changes and identity openings are
    /// officers' only (the reporter reads their openings with the reporter code).
    pub fn is_public(self) -> bool {
        !matches!(
            self,
            Event::Note
                | Event::Privacy
                | Event::IdentityOpened
                | Event::Held
                | Event::Released
                | Event::Redacted
        )
    }
}

#[cfg(feature = "openapi")]
impl schemars::JsonSchema for Event {
    fn schema_name() -> String {
        "Event".into()
    }
    fn json_schema(_: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        let codes = Event::NOT_MOVES
            .into_iter()
            .chain(ActionKind::ALL.into_iter().map(Event::Move))
            .map(|e| serde_json::Value::String(e.code().to_string()))
            .collect();
        schemars::schema::SchemaObject {
            instance_type: Some(schemars::schema::InstanceType::String.into()),
            enum_values: Some(codes),
            ..Default::default()
        }
        .into()
    }
}

impl Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Event, D::Error> {
        let s = String::deserialize(d)?;
        Event::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown event {s:?}")))
    }
}
