//! Applying a status move to a stored report: `domain::lifecycle::transition` decides, this
//! module writes the new status, the hop into history, and the notifications into the mail
//! outbox, all in one transaction. A concurrent change makes the second writer fail cleanly
//! (409) instead of overwriting.

use super::mail;
use crate::error::{ApiError, ApiResult};
use crate::store::ReportRow;
use crate::AppState;
use axum::http::StatusCode;
use domain::catalog;
use domain::lifecycle::{transition, Action, Context, Role, Status, TransitionError};
use domain::Lang;

/// Who makes a move.
pub struct Actor<'a> {
    pub role: Role,
    /// The officer's username; `None` for the reporter and the system.
    pub username: Option<&'a str>,
}

pub fn transition_error(e: TransitionError, lang: Lang) -> ApiError {
    let status = match e {
        TransitionError::Forbidden { .. } => StatusCode::FORBIDDEN,
        TransitionError::NotFromStatus { .. } | TransitionError::Window => StatusCode::CONFLICT,
        TransitionError::ReasonRequired | TransitionError::UnknownUnit(_) => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    let code = match e {
        TransitionError::Forbidden { .. } => "forbidden",
        TransitionError::NotFromStatus { .. } => "wrong_status",
        TransitionError::Window => "outside_window",
        TransitionError::ReasonRequired => "reason_required",
        TransitionError::UnknownUnit(_) => "unknown_unit",
    };
    ApiError::new(status, code, e.message(Lang::Id), e.message(Lang::En)).lang(lang)
}

fn note_of(action: &Action) -> Option<String> {
    match action {
        Action::Reroute { reason, .. }
        | Action::ReturnToCoordinator { reason }
        | Action::Reopen { reason }
        | Action::Reject { reason } => Some(reason.trim().to_string()),
        Action::Answer { text } => Some(text.trim().to_string()),
        Action::NotAuthority { note, .. } => {
            Some(note.trim().to_string()).filter(|n| !n.is_empty())
        }
        Action::Merge { into } => Some(into.clone()),
        _ => None,
    }
}

/// A file attached to a move (an answer's photos or document), ready to store.
pub struct NewFile {
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
    pub thumb: Vec<u8>,
}

/// Applies `action` to the report; returns the report as it now is.
pub async fn apply(
    state: &AppState,
    row: &ReportRow,
    actor: &Actor<'_>,
    action: &Action,
    lang: Lang,
) -> ApiResult<ReportRow> {
    apply_with_files(state, row, actor, action, &[], lang).await
}

/// Like `apply`, storing `files` with the history entry of the move, in the same transaction.
pub async fn apply_with_files(
    state: &AppState,
    row: &ReportRow,
    actor: &Actor<'_>,
    action: &Action,
    files: &[NewFile],
    lang: Lang,
) -> ApiResult<ReportRow> {
    let now = state.now();
    let from = Status::parse(&row.status).unwrap_or(Status::Diterima);
    let t = transition(
        from,
        actor.role,
        action,
        Context {
            now,
            answered_at: row.answered_at,
        },
    )
    .map_err(|e| transition_error(e, lang))?;
    let new_unit = t
        .unit
        .map(|u| u.get().code)
        .unwrap_or(catalog::unit(&row.unit).map(|u| u.code).unwrap_or(""));
    let new_unit = if new_unit.is_empty() {
        row.unit.clone()
    } else {
        new_unit.to_string()
    };
    let with_unit_since = if matches!(t.to, Status::Didisposisikan | Status::DibukaKembali) {
        Some(now)
    } else {
        row.with_unit_since
    };
    let answered_at = if t.to == Status::Ditindaklanjuti {
        Some(now)
    } else {
        row.answered_at
    };
    let mut tx = state.store.pool().begin().await?;
    let updated = sqlx::query(
        "UPDATE reports SET status = $1, unit = $2, with_unit_since = $3, answered_at = $4, updated_at = $5, \
         first_answered_at = COALESCE(first_answered_at, $6), verified_at = COALESCE(verified_at, $7), finished_at = $8, \
         misroute_count = misroute_count + $9, reopen_count = reopen_count + $10, merged_into = COALESCE($11, merged_into) \
         WHERE id = $12 AND status = $13 AND updated_at = $14",
    )
    .bind(t.to.code())
    .bind(&new_unit)
    .bind(with_unit_since)
    .bind(answered_at)
    .bind(now.max(row.updated_at + 1))
    .bind(if t.to == Status::Ditindaklanjuti { Some(now) } else { None })
    .bind(if t.to == Status::Terverifikasi && from == Status::Diterima { Some(now) } else { None })
    .bind(if t.to.is_terminal() { Some(now) } else { None })
    .bind(i64::from(matches!(action, Action::ReturnToCoordinator { .. })))
    .bind(i64::from(matches!(action, Action::Reopen { .. })))
    .bind(match action {
        Action::Merge { into } => Some(into.clone()),
        _ => None,
    })
    .bind(row.id)
    .bind(&row.status)
    .bind(row.updated_at)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(ApiError::new(StatusCode::CONFLICT, "changed", "Laporan ini baru saja diubah oleh orang lain. Muat ulang untuk melihat keadaan terbarunya.", "This report was just changed by someone else. Reload to see its current state.").lang(lang));
    }
    let history = sqlx::query("INSERT INTO report_history (report_id, at, action, from_status, to_status, role, from_unit, to_unit, note, actor, is_public) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1) RETURNING id")
        .bind(row.id)
        .bind(now)
        .bind(action.code())
        .bind(from.code())
        .bind(t.to.code())
        .bind(actor.role.code())
        .bind(&row.unit)
        .bind(&new_unit)
        .bind(note_of(action))
        .bind(actor.username)
        .fetch_one(&mut *tx)
        .await?;
    let history_id: i64 = sqlx::Row::try_get(&history, "id")?;
    for (i, f) in files.iter().enumerate() {
        sqlx::query("INSERT INTO attachments (report_id, history_id, position, content_type, width, height, data, thumb, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(row.id)
            .bind(history_id)
            .bind(i as i64)
            .bind(f.content_type)
            .bind(i64::from(f.width))
            .bind(i64::from(f.height))
            .bind(&f.data)
            .bind(&f.thumb)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    let mut updated_row = row.clone();
    updated_row.status = t.to.code().to_string();
    updated_row.unit = new_unit.clone();
    updated_row.with_unit_since = with_unit_since;
    updated_row.answered_at = answered_at;
    updated_row.updated_at = now.max(row.updated_at + 1);
    if t.to == Status::Didisposisikan {
        mail::enqueue_unit_notice(&mut tx, state, &updated_row, now).await?;
    }
    mail::enqueue_reporter_notice(
        &mut tx,
        state,
        &updated_row,
        t.to,
        note_of(action).as_deref(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(updated_row)
}
