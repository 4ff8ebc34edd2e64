//! Stored reports as the wire shows them: the public view, a list item, an officer's queue item.
//! Every API response, page and message that shows a report goes through here, so a field means
//! the same thing everywhere.

use crate::links::Signer;
use crate::store::{AttachmentRow, HistoryRow, ReportRow, Store, StoreResult};
use domain::answer::AnswerCheck;
use domain::catalog;
use domain::deadline;
use domain::lifecycle::{ActionKind, Event};
use domain::tracking::TrackingCode;
use domain::wire::{
    self, AnswerView, DueView, FileView, HistoryView, ListItem, Named, PhotoView, PlaceView,
    QueueItem, ReportView, ResponseView, UnitRef,
};
use domain::Lang;

/// Who is looking, which decides the photo links and how much history shows.
#[derive(Clone, Copy)]
pub enum Audience<'a> {
    /// Anyone with the code. A confidential report opened with its secret gets photo links
    /// signed by `links` (never the secret itself in a URL).
    Public { links: Option<&'a Signer> },
    /// An officer who may see the report: every history entry, officers' photo links.
    Officer,
}

pub fn display_code(code: &str) -> String {
    TrackingCode::parse(code)
        .map(|c| c.display())
        .unwrap_or_else(|_| code.to_string())
}

fn named_unit(code: &str, lang: Lang) -> Named {
    wire::unit_named(code, lang)
}

/// A file's link for officers; its revision keeps a browser from showing an earlier version.
pub fn officer_file_url(code: &str, a: &AttachmentRow, thumb: bool) -> String {
    let small = if thumb { "thumb=1&" } else { "" };
    format!(
        "/api/v1/petugas/reports/{code}/photos/{}?{small}v={}",
        a.id, a.revision
    )
}

fn file_urls(row: &ReportRow, a: &AttachmentRow, who: Audience, now: i64) -> (String, String) {
    let code = &row.tracking_code;
    match who {
        Audience::Officer => (
            officer_file_url(code, a, false),
            officer_file_url(code, a, true),
        ),
        Audience::Public { links } => {
            let shown = domain::lifecycle::scope::shown_by_code(row.privacy, row.held);
            let t = |thumb: bool| {
                let mut q = Vec::new();
                if let Some(s) = links.filter(|_| !shown) {
                    q.push(format!("t={}", s.token(code, a.id, thumb, now)));
                }
                // A blacked-out photo's links change with it: no cache keeps the earlier version.
                if a.revision > 0 {
                    q.push(format!("v={}", a.revision));
                }
                match q.is_empty() {
                    true => String::new(),
                    false => format!("?{}", q.join("&")),
                }
            };
            (
                format!("/api/v1/reports/{code}/photos/{}{}", a.id, t(false)),
                format!("/api/v1/reports/{code}/photos/{}/thumb{}", a.id, t(true)),
            )
        }
    }
}

fn history_view(h: &HistoryRow, who: Audience, lang: Lang) -> HistoryView {
    let officer = matches!(who, Audience::Officer);
    HistoryView {
        at: h.at,
        action: h.event,
        status: h.to_status,
        status_label: h.to_status.label(lang).to_string(),
        from_unit: h.from_unit.as_deref().map(|u| named_unit(u, lang)),
        to_unit: h.to_unit.as_deref().map(|u| named_unit(u, lang)),
        note: h.note.clone(),
        actor: if officer { h.actor.clone() } else { None },
        role: officer.then_some(h.role),
        internal: !h.is_public,
    }
}

/// The report as `who` may see it. The reporter's contacts are never in it; the name only for a
/// public report.
pub async fn report_view(
    store: &Store,
    row: &ReportRow,
    who: Audience<'_>,
    now: i64,
    lang: Lang,
) -> StoreResult<ReportView> {
    let history = store.history(row.id).await?;
    let attachments = store.attachments(row.id).await?;
    let shown: Vec<&HistoryRow> = history
        .iter()
        .filter(|h| h.is_public || matches!(who, Audience::Officer))
        .collect();
    let photos = attachments
        .iter()
        .filter(|a| a.history_id.is_none())
        .map(|a| {
            let (url, thumb_url) = file_urls(row, a, who, now);
            PhotoView {
                url,
                thumb_url,
                width: a.width,
                height: a.height,
            }
        })
        .collect();
    let responses = shown
        .iter()
        .filter(|h| h.event == Event::Move(ActionKind::Answer))
        .map(|h| ResponseView {
            at: h.at,
            unit: h
                .from_unit
                .as_deref()
                .or(h.to_unit.as_deref())
                .map(|u| named_unit(u, lang)),
            text: h.note.clone().unwrap_or_default(),
            check: AnswerCheck::of(h.note.as_deref().unwrap_or_default()),
            files: attachments
                .iter()
                .filter(|a| a.history_id == Some(h.id))
                .map(|a| {
                    let (url, thumb_url) = file_urls(row, a, who, now);
                    FileView {
                        url,
                        thumb_url,
                        content_type: a.content_type.clone(),
                    }
                })
                .collect(),
        })
        .collect();
    let unit = catalog::unit(&row.unit);
    Ok(ReportView {
        tracking_code: row.tracking_code.clone(),
        display_code: display_code(&row.tracking_code),
        report_type: row.report_type,
        category: Named::category(&row.category, lang),
        title: row.title.clone(),
        body: row.body.clone(),
        privacy: row.privacy,
        status: row.status,
        status_label: row.status.label(lang).to_string(),
        unit: UnitRef::code(&row.unit, lang),
        reason: match lang {
            Lang::Id => row.reason_id.clone(),
            Lang::En => row.reason_en.clone(),
        },
        guidance: unit
            .and_then(|u| u.guidance)
            .map(|g| g.get(lang).to_string()),
        location: row
            .desa
            .as_deref()
            .and_then(catalog::region)
            .map(|r| PlaceView::of(r, row.location_detail.clone())),
        incident_date: row.incident_date,
        created_at: row.created_at,
        reporter_name: if row.privacy.shows_identity() {
            row.reporter_name.clone()
        } else {
            None
        },
        answers: AnswerView::list(row.answer_pairs(), lang),
        photos,
        history: shown.iter().map(|h| history_view(h, who, lang)).collect(),
        responses,
        due: deadline::current(row.status, &row.timeline(), now).map(|d| DueView::of(&d, lang)),
        followup_open: domain::followup::awaiting(row.followup_asked_at, row.followup_reply),
        supporters: row.supporters,
        held: row.held.map(|h| h.text(lang).to_string()),
    })
}

pub fn list_item(row: &ReportRow, lang: Lang) -> ListItem {
    ListItem {
        tracking_code: row.tracking_code.clone(),
        display_code: display_code(&row.tracking_code),
        title: row.title.clone(),
        category: Named::category(&row.category, lang),
        status: row.status,
        status_label: row.status.label(lang).to_string(),
        unit: named_unit(&row.unit, lang),
        kecamatan_name: row
            .kecamatan
            .as_deref()
            .and_then(catalog::region)
            .map(|r| r.name.to_string()),
        created_at: row.created_at,
        desa_name: None,
        supporters: row.supporters,
    }
}

/// A similar report (`domain::support`): a list item that says in which desa.
pub fn similar_item(row: &ReportRow, lang: Lang) -> ListItem {
    ListItem {
        desa_name: row
            .desa
            .as_deref()
            .and_then(catalog::region)
            .map(|r| r.name.to_string()),
        ..list_item(row, lang)
    }
}

pub fn queue_item(row: &ReportRow, now: i64, lang: Lang) -> QueueItem {
    QueueItem {
        item: list_item(row, lang),
        privacy: row.privacy,
        proposed_unit: row.proposed_unit.clone(),
        due: deadline::current(row.status, &row.timeline(), now).map(|d| DueView::of(&d, lang)),
        misroute_count: row.misroute_count,
        reopen_count: row.reopen_count,
    }
}
