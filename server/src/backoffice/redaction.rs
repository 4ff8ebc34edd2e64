//! `POST /api/v1/petugas/reports/{code}/redactions`: the coordinator, or the OPD liaison for its
//! OPD's reports, redacts part of a report (`domain::redaction`): words of the title, story,
//! location detail or a public history note become "[disunting]", or regions of a photo become
//! black. The original stays, for the coordinator's eyes only, who may also put a part back as
//! it was; each change is an internal history entry (who, what, why) in the chain.

use super::auth::Session;
use super::reports::{officer_report, visible};
use crate::error::{ApiError, ApiResult};
use crate::store::{NewHistory, ReportRow};
use crate::{AppState, ReqLang};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use domain::lifecycle::Event;
use domain::redaction::{self, Change, Part, Redaction};
use domain::wire::{OfficerReport, RedactRequest, RedactableView};
use domain::Lang;

pub async fn redact(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    session: Session,
    Path(code): Path<String>,
    Json(body): Json<RedactRequest>,
) -> ApiResult<Json<OfficerReport>> {
    let row = visible(&state, &session, &code, lang).await?;
    let role = session.officer.role;
    if !redaction::may_redact(role) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Hanya koordinator dan admin penghubung OPD yang dapat menyunting laporan.",
            "Only the coordinator and an OPD liaison can redact a report.",
        )
        .lang(lang));
    }
    let r = Redaction::parse(&body).map_err(|e| ApiError::validation(e).lang(lang))?;
    if r.change == Change::Restore && !redaction::sees_original(role) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Hanya koordinator yang dapat memulihkan bagian yang disunting.",
            "Only the coordinator can put a redacted part back.",
        )
        .lang(lang));
    }
    if r.part == Part::Photo {
        change_photo(&state, &session, &row, &r, lang).await?;
    } else {
        change_text(&state, &session, &row, &r, lang).await?;
    }
    let row = visible(&state, &session, &code, lang).await?;
    Ok(Json(officer_report(&state, &session, &row, lang).await?))
}

fn history<'a>(
    row: &'a ReportRow,
    session: &'a Session,
    note: &'a str,
    now: i64,
) -> NewHistory<'a> {
    NewHistory::unchanged(
        row,
        now,
        Event::Redacted,
        session.officer.role,
        session.officer.unit.code,
        note,
        Some(&session.officer.username),
    )
}

/// Redacts words of a text part, or puts it back, and writes the history entry, in one
/// transaction that reads the part after taking the chain's lock.
async fn change_text(
    state: &AppState,
    session: &Session,
    row: &ReportRow,
    r: &Redaction,
    lang: Lang,
) -> ApiResult<()> {
    let now = state.now();
    let note = r.note();
    let ref_id = r.id.unwrap_or(0);
    let done = async {
        let mut tx = state.store.begin().await?;
        tx.lock_chain().await?;
        match &r.change {
            Change::Text(fragments) => {
                let Some(before) = tx.shown_text(row.id, r.part, ref_id).await? else {
                    return Ok(Err(redaction::nothing_there(r.part)));
                };
                let after = match redaction::apply(&before, fragments) {
                    Ok(a) => a,
                    Err(e) => return Ok(Err(e)),
                };
                tx.redact_text(row.id, r.part, ref_id, &before, &after, now)
                    .await?;
            }
            _ => {
                if !tx.restore_text(row.id, r.part, ref_id).await? {
                    return Ok(Err(redaction::not_redacted()));
                }
            }
        }
        tx.insert_history(&history(row, session, &note, now))
            .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }
    .await;
    state
        .store
        .record(done)?
        .map_err(|e| ApiError::validation(vec![e]).lang(lang))
}

/// Blacks out regions of a photo, or puts it back as it arrived, and writes the history entry.
/// The pixels are worked in the `WorkQueue`; a photo changed meanwhile is a `409`.
async fn change_photo(
    state: &AppState,
    session: &Session,
    row: &ReportRow,
    r: &Redaction,
    lang: Lang,
) -> ApiResult<()> {
    let id = r.id.unwrap_or(0);
    let missing = || {
        ApiError::field(
            "id",
            "not_found",
            format!("Foto #{id} tidak ada di laporan ini."),
            format!("Photo #{id} is not in this report."),
        )
        .lang(lang)
    };
    let photo = state
        .store
        .attachments(row.id)
        .await?
        .into_iter()
        .find(|a| a.id == id && a.content_type.starts_with("image/"))
        .ok_or_else(missing)?;
    let source = if r.change == Change::Restore {
        state
            .store
            .original_photo(row.id, id)
            .await?
            .ok_or_else(|| ApiError::validation(vec![redaction::not_redacted()]).lang(lang))?
    } else {
        state
            .store
            .attachment_bytes(row.id, id, false)
            .await?
            .ok_or_else(missing)?
            .1
    };
    let change = r.change.clone();
    // The photo's new bytes (none when it goes back to the stored original) and its thumbnail.
    let (jpeg, thumb) = state
        .decoders
        .run(move || match change {
            Change::Regions(regions) => {
                crate::photos::black_out(&source, &regions).map(|p| (Some(p.jpeg), p.thumb))
            }
            _ => crate::photos::thumbnail(&source).map(|t| (None, t)),
        })
        .await
        .map_err(|_| crate::submit::busy().lang(lang))?
        .map_err(|e| ApiError::internal("stored photo", format!("{e:?}")))?;
    let now = state.now();
    let note = r.note();
    let done = async {
        let mut tx = state.store.begin().await?;
        tx.lock_chain().await?;
        let changed = match &jpeg {
            Some(jpeg) => {
                tx.black_out(row.id, id, photo.revision, jpeg, &thumb)
                    .await?
            }
            None => tx.restore_photo(row.id, id, photo.revision, &thumb).await?,
        };
        if !changed {
            return Ok(false);
        }
        tx.insert_history(&history(row, session, &note, now))
            .await?;
        tx.commit().await?;
        Ok(true)
    }
    .await;
    if !state.store.record(done)? {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "changed",
            "Foto ini baru saja disunting petugas lain. Muat ulang laporan, lalu ulangi.",
            "This photo was just redacted by another officer. Reload the report, then try again.",
        )
        .lang(lang));
    }
    Ok(())
}

/// What this officer may redact on the report, as shown now; the originals for the coordinator.
pub async fn redactable(
    state: &AppState,
    session: &Session,
    row: &ReportRow,
    lang: Lang,
) -> ApiResult<Vec<RedactableView>> {
    let role = session.officer.role;
    if !redaction::may_redact(role) {
        return Ok(Vec::new());
    }
    let originals = redaction::sees_original(role);
    let texts = state.store.redacted_texts(row.id).await?;
    let text = |part: Part, ref_id: i64, label: String, shown: &str| {
        let kept = texts.iter().find(|t| t.part == part && t.ref_id == ref_id);
        RedactableView {
            part,
            id: part.numbered().then_some(ref_id),
            label,
            text: Some(shown.to_string()),
            url: None,
            redacted: kept.is_some(),
            original: kept.filter(|_| originals).map(|t| t.original.clone()),
            original_url: None,
        }
    };
    let mut out = vec![
        text(Part::Title, 0, Part::Title.label(lang).into(), &row.title),
        text(Part::Body, 0, Part::Body.label(lang).into(), &row.body),
    ];
    if let Some(d) = row.location_detail.as_deref().filter(|d| !d.is_empty()) {
        out.push(text(
            Part::LocationDetail,
            0,
            Part::LocationDetail.label(lang).into(),
            d,
        ));
    }
    for h in state.store.history(row.id).await? {
        if let (true, Some(note)) = (h.is_public, h.note.as_deref().filter(|n| !n.is_empty())) {
            let when = domain::Date::from_unix_wib(h.at);
            let label = format!(
                "{} #{} ({}, {})",
                Part::Entry.label(lang),
                h.id,
                h.to_status.label(lang),
                when
            );
            out.push(text(Part::Entry, h.id, label, note));
        }
    }
    for a in state.store.attachments(row.id).await? {
        if !a.content_type.starts_with("image/") {
            continue;
        }
        let label = format!("{} #{}", Part::Photo.label(lang), a.id);
        out.push(RedactableView {
            part: Part::Photo,
            id: Some(a.id),
            label,
            text: None,
            url: Some(crate::views::officer_file_url(
                &row.tracking_code,
                &a,
                false,
            )),
            redacted: a.blacked_out,
            original: None,
            original_url: (originals && a.blacked_out).then(|| {
                format!(
                    "/api/v1/petugas/reports/{}/photos/{}?original=1",
                    row.tracking_code, a.id
                )
            }),
        });
    }
    Ok(out)
}
