//! The one place a report's status changes. A user action is a `Plan`: one or more moves, in
//! order, plus what goes with them (a privacy tightening, a rating, an answer's files).
//! `domain::lifecycle::transition` decides every move first; only when all of them are legal is
//! anything written, and then everything (the new state, each history entry, the files, the
//! notifications for the outbox) commits in one transaction, or nothing does. A concurrent change
//! makes the second writer fail cleanly (409) instead of overwriting.

use super::mail;
use crate::channels;
use crate::error::{ApiError, ApiResult};
use crate::store::{
    Contribution, Derived, Message, MoveRow, NewFile, NewHistory, ReportRow, StoreResult, Tx,
};
use crate::AppState;
use axum::http::StatusCode;
use domain::catalog;
use domain::deadline::{answered_on_time, verified_on_time, working_days_between};
use domain::followup;
use domain::lifecycle::{
    transition, Action, Context, Event, Role, Status, Transition, TransitionError,
};
use domain::{Lang, Privacy};

/// Who makes a move.
pub struct Actor<'a> {
    pub role: Role,
    /// The officer's username; `None` for the reporter and the system.
    pub username: Option<&'a str>,
}

/// One user action, committed once.
#[derive(Default)]
pub struct Plan {
    pub moves: Vec<Action>,
    /// Tighten the report's privacy first (the coordinator, while verifying).
    pub privacy: Option<Privacy>,
    /// The reporter's rating and comment (with accepting, or alone).
    pub rating: Option<(u8, Option<String>)>,
    /// Files that go with the last move (an answer's photos and documents).
    pub files: Vec<NewFile>,
    /// The reporter's reply to the follow-up question (before any move it causes).
    pub followup: Option<followup::Reply>,
    /// The message from the reporter's phone that asked for this (claimed in the same commit, so
    /// that a webhook delivered again acts once) and the reply it gets.
    pub inbound: Option<InboundClaim>,
}

/// A received message acted on by a plan.
pub struct InboundClaim {
    pub channel: domain::messaging::Channel,
    pub id: String,
    pub phone: String,
    pub reply: Message,
}

impl Plan {
    pub fn one(action: Action) -> Plan {
        Plan {
            moves: vec![action],
            ..Default::default()
        }
    }
}

pub fn transition_error(e: TransitionError, lang: Lang) -> ApiError {
    if let TransitionError::Normative(_) = e {
        // the answer's own field, so the form shows it under the text
        return ApiError::field(
            "text",
            "normative",
            e.message(Lang::Id),
            e.message(Lang::En),
        )
        .lang(lang);
    }
    let (status, code) = match e {
        TransitionError::Normative(_) => unreachable!("answered above"),
        TransitionError::Forbidden { .. } => (StatusCode::FORBIDDEN, "forbidden"),
        TransitionError::NotFromStatus { .. } => (StatusCode::CONFLICT, "wrong_status"),
        TransitionError::Window => (StatusCode::CONFLICT, "outside_window"),
        TransitionError::ReasonRequired => (StatusCode::UNPROCESSABLE_ENTITY, "reason_required"),
        TransitionError::UnknownUnit(_) => (StatusCode::UNPROCESSABLE_ENTITY, "unknown_unit"),
    };
    ApiError::new(status, code, e.message(Lang::Id), e.message(Lang::En)).lang(lang)
}

/// The category's automatic first reply, when these moves bring the report to a unit for the
/// first time.
fn first_reply(row: &ReportRow, steps: &[Step]) -> Option<&'static str> {
    let reaches = row.with_unit_since.is_none()
        && steps
            .iter()
            .any(|s| s.after.status == Status::Didisposisikan);
    reaches
        .then(|| domain::template::first_reply(&row.category))
        .flatten()
}

/// A move decided by `domain`, ready to write.
struct Step {
    action: Action,
    from: Status,
    from_unit: String,
    after: ReportRow,
}

/// Decides every move of the plan on a copy of the report; nothing is written.
fn decide(
    row: &ReportRow,
    role: Role,
    moves: &[Action],
    now: i64,
    lang: Lang,
) -> ApiResult<Vec<Step>> {
    let mut cur = row.clone();
    let mut steps = Vec::new();
    for action in moves {
        let t = transition(
            cur.status,
            role,
            action,
            Context {
                now,
                answered_at: cur.answered_at,
            },
        )
        .map_err(|e| transition_error(e, lang))?;
        let next = moved(&cur, action, &t, now);
        steps.push(Step {
            action: action.clone(),
            from: cur.status,
            from_unit: cur.unit.clone(),
            after: next.clone(),
        });
        cur = next;
    }
    Ok(steps)
}

/// The report after one legal move at `now`: its status and unit, and the facts the figures
/// keep (first answer and its working days, verification on time, returns, reroutes,
/// reopenings). Pure; the bench's seed uses it too, so seeded reports are what the server makes.
pub fn moved(cur: &ReportRow, action: &Action, t: &Transition, now: i64) -> ReportRow {
    let mut next = cur.clone();
    next.status = t.to;
    if let Some(u) = t.unit {
        next.unit = u.get().code.to_string();
    }
    if t.to.is_with_unit() {
        next.with_unit_since = Some(now);
    }
    if t.to == Status::Ditindaklanjuti {
        next.answered_at = Some(now);
        if next.first_answered_at.is_none() {
            next.first_answered_at = Some(now);
            let since = cur.with_unit_since.unwrap_or(cur.created_at);
            next.first_answer_on_time = Some(answered_on_time(since, now));
            next.first_answer_days = Some(working_days_between(since, now));
        }
    }
    if cur.status == Status::Diterima && t.to == Status::Terverifikasi {
        next.verified_on_time = Some(verified_on_time(cur.created_at, now));
    }
    match action {
        Action::ReturnToCoordinator { .. } => next.misroute_count += 1,
        Action::Reroute { .. } => next.reroute_count += 1,
        Action::Reopen { .. } => next.reopen_count += 1,
        Action::Merge { into } => next.merged_into = Some(into.clone()),
        _ => {}
    }
    if action.normative_override().is_some() {
        next.normative_answers += 1;
    }
    next.updated_at = now.max(cur.updated_at + 1);
    next
}

async fn write_step(
    tx: &mut Tx,
    before: &ReportRow,
    s: &Step,
    actor: &Actor<'_>,
    now: i64,
    followup_days: u32,
) -> StoreResult<i64> {
    let a = &s.after;
    tx.update_report(&MoveRow {
        report_id: before.id,
        expect_status: before.status,
        expect_updated_at: before.updated_at,
        status: a.status,
        unit: &a.unit,
        with_unit_since: a.with_unit_since,
        answered_at: a.answered_at,
        updated_at: a.updated_at,
        first_answer: match (a.first_answered_at, a.first_answer_on_time) {
            (Some(at), Some(on_time)) => Some((at, on_time, a.first_answer_days.unwrap_or(0))),
            _ => None,
        },
        verified_on_time: a
            .verified_on_time
            .filter(|_| before.verified_on_time.is_none()),
        add_reroute: a.reroute_count > before.reroute_count,
        verified_at: (s.from == Status::Diterima && a.status == Status::Terverifikasi)
            .then_some(now),
        finished_at: a.status.is_terminal().then_some(now),
        add_misroute: a.misroute_count > before.misroute_count,
        add_reopen: a.reopen_count > before.reopen_count,
        merged_into: a
            .merged_into
            .as_deref()
            .filter(|_| before.merged_into != a.merged_into),
        add_normative: a.normative_answers > before.normative_answers,
        followup_due_at: (a.status == Status::Selesai && before.status != Status::Selesai)
            .then(|| followup::due_at(now, followup_days)),
    })
    .await?;
    let note = s.action.note();
    let id = tx
        .insert_history(&NewHistory {
            code: &before.tracking_code,
            at: now,
            event: Event::Move(s.action.kind()),
            from_status: Some(s.from),
            to_status: a.status,
            role: actor.role,
            from_unit: Some(&s.from_unit),
            to_unit: Some(&a.unit),
            note: note.as_deref(),
            actor: actor.username,
        })
        .await?;
    // An answer sent although it misses a part: who sent it and why, for officers' eyes.
    if let Some((_, logged)) = s.action.normative_override() {
        tx.insert_history(&NewHistory {
            code: &before.tracking_code,
            at: now,
            event: Event::Note,
            from_status: Some(a.status),
            to_status: a.status,
            role: actor.role,
            from_unit: Some(&a.unit),
            to_unit: Some(&a.unit),
            note: Some(&logged),
            actor: actor.username,
        })
        .await?;
    }
    Ok(id)
}

/// Applies a plan; returns the report as it now is.
pub async fn apply(
    state: &AppState,
    row: &ReportRow,
    actor: &Actor<'_>,
    plan: Plan,
    lang: Lang,
) -> ApiResult<ReportRow> {
    let now = state.now();
    let steps = decide(row, actor.role, &plan.moves, now, lang)?;
    let mut outbox = Vec::new();
    if let Some(last) = steps.last() {
        if last.after.status == Status::Didisposisikan {
            outbox.extend(mail::unit_notice(state, &last.after, now).await?);
        }
        let note = last
            .action
            .note()
            .or(first_reply(row, &steps).map(String::from));
        outbox.extend(mail::reporter_notice(state, &last.after, note.as_deref()));
        // The reporter's phone hears of a new status, unless the reporter asked from it (then
        // the reply says so).
        if last.after.status != row.status && plan.inbound.is_none() {
            outbox.extend(channels::status_notice(
                state,
                &row.tracking_code,
                last.after.status,
                row.reporter_phone.as_deref(),
            ));
        }
        // Those who support it and left a phone or e-mail hear of a new status while it is public.
        let public = domain::lifecycle::scope::shown_by_code(
            plan.privacy.map_or(row.privacy, |p| row.privacy.tighten(p)),
            row.held,
        );
        if last.after.status != row.status && public && row.supporters > 0 {
            for f in state.store.followers(row.id).await? {
                outbox.extend(channels::status_notice(
                    state,
                    &row.tracking_code,
                    last.after.status,
                    f.phone.as_deref(),
                ));
                if let Some(e) = f.email.as_deref() {
                    outbox.push(mail::follower_notice(state, &last.after, e));
                }
            }
        }
    }
    if let Some(c) = &plan.inbound {
        outbox.push(c.reply.clone());
    }
    let r = write_plan(state, row, actor, &plan, &steps, &outbox, now).await;
    Ok(state.store.record(r)?)
}

async fn write_plan(
    state: &AppState,
    row: &ReportRow,
    actor: &Actor<'_>,
    plan: &Plan,
    steps: &[Step],
    outbox: &[Message],
    now: i64,
) -> StoreResult<ReportRow> {
    let mut tx = state.store.begin().await?;
    // Before any row: the history chain's lock (PostgreSQL), which the entries below need.
    tx.lock_chain().await?;
    if let Some(c) = &plan.inbound {
        // Acted on already (a webhook delivered twice at once): nothing more.
        if !tx
            .claim_inbound(c.channel, &c.id, Some(&c.phone), now)
            .await?
        {
            tx.rollback().await;
            return Err(crate::store::StoreError::Changed);
        }
    }
    let mut current = row.clone();
    if let Some(p) = plan.privacy {
        let new = current.privacy.tighten(p);
        if new != current.privacy {
            tx.set_privacy(row.id, new).await?;
            let note = format!("{} → {}", current.privacy.code(), new.code());
            tx.insert_history(&NewHistory {
                code: &row.tracking_code,
                at: now,
                event: Event::Privacy,
                from_status: Some(current.status),
                to_status: current.status,
                role: actor.role,
                from_unit: None,
                to_unit: None,
                note: Some(&note),
                actor: actor.username,
            })
            .await?;
            current.privacy = new;
        }
    }
    if let Some(reply) = plan.followup {
        if !tx.set_followup_reply(row.id, reply, now).await? {
            return Err(crate::store::StoreError::Changed);
        }
        tx.insert_history(&NewHistory {
            code: &row.tracking_code,
            at: now,
            event: Event::FollowUp,
            from_status: Some(current.status),
            to_status: current.status,
            role: actor.role,
            from_unit: Some(&current.unit),
            to_unit: Some(&current.unit),
            note: Some(reply.history_note(Lang::Id)),
            actor: actor.username,
        })
        .await?;
        current.followup_reply = Some(reply);
    }
    let mut last_history = None;
    let first = first_reply(row, steps);
    for s in steps {
        last_history = Some(
            write_step(
                &mut tx,
                &current,
                s,
                actor,
                now,
                state.cfg.followup_working_days,
            )
            .await?,
        );
        let (privacy, reply) = (current.privacy, current.followup_reply);
        current = s.after.clone();
        current.privacy = privacy;
        current.followup_reply = reply;
    }
    if let Some(text) = first {
        tx.insert_history(&NewHistory {
            code: &row.tracking_code,
            at: now,
            event: Event::FirstReply,
            from_status: Some(current.status),
            to_status: current.status,
            role: Role::Sistem,
            from_unit: Some(&current.unit),
            to_unit: Some(&current.unit),
            note: Some(text),
            actor: None,
        })
        .await?;
    }
    if let Some(h) = last_history {
        for (i, f) in plan.files.iter().enumerate() {
            tx.insert_file(row.id, Some(h), i, f, now).await?;
        }
    }
    if let Some((r, comment)) = &plan.rating {
        tx.set_rating(row.id, *r, comment.as_deref()).await?;
        current.rating = Some(*r);
        current.rating_comment = comment.clone();
    }
    // What lists, queues and figures read: kept in the same commit.
    let derived = Derived::of(&current);
    if derived != Derived::of(row) {
        tx.set_derived(row.id, &derived).await?;
    }
    tx.shift_stats(Some(&Contribution::of(row)), &Contribution::of(&current))
        .await?;
    // A new version of the report (and of every list): cached views are rebuilt.
    tx.bump(row.id).await?;
    for m in outbox {
        tx.enqueue(m, now).await?;
    }
    tx.commit().await?;
    Ok(current)
}

/// An entry that changes no status: the reporter's added information, an officer's internal note.
pub async fn add_entry(
    state: &AppState,
    row: &ReportRow,
    actor: &Actor<'_>,
    event: Event,
    text: &str,
) -> ApiResult<()> {
    let r = async {
        let mut tx = state.store.begin().await?;
        tx.insert_history(&NewHistory::unchanged(
            row,
            state.now(),
            event,
            actor.role,
            &row.unit,
            text,
            actor.username,
        ))
        .await?;
        tx.bump(row.id).await?;
        tx.commit().await
    }
    .await;
    Ok(state.store.record(r)?)
}

/// The unit a report is with, as the catalog knows it (the coordinator for an unknown code).
pub fn unit_of(row: &ReportRow) -> &'static catalog::Unit {
    catalog::unit(&row.unit).unwrap_or_else(catalog::coordinator)
}

/// Asks the reporter of a finished report, once, whether the problem is really solved: marks it
/// asked (only one server instance wins), counts it, and queues the e-mail when they gave one. The
/// status page asks the holder of the reporter code from then on.
pub async fn ask_followup(state: &AppState, row: &ReportRow) -> StoreResult<bool> {
    let now = state.now();
    let mut tx = state.store.begin().await?;
    if !tx.claim_followup(row.id, now).await? {
        tx.rollback().await;
        return Ok(false);
    }
    let mut after = row.clone();
    after.followup_due_at = None;
    after.followup_asked_at = Some(now);
    tx.shift_stats(Some(&Contribution::of(row)), &Contribution::of(&after))
        .await?;
    tx.bump(row.id).await?;
    if let Some(m) = mail::followup_question(state, row) {
        tx.enqueue(&m, now).await?;
    }
    tx.commit().await?;
    Ok(true)
}
