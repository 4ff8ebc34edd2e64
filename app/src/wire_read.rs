//! The contract (`domain::wire`) as the citizen and tracking bundles read and write it, through
//! the browser's JSON (`crate::json`) instead of serde's, for size. Every type is built with a
//! struct literal naming every field, and every request is written from an exhaustive
//! destructuring, so a field added to a wire type does not compile until it is read or written
//! here. Enums are read with `domain`'s own `parse` (or, for enums without one, with
//! `wire::from_code`, serde's own mapping); an unknown code fails the read, it never becomes a
//! default. The officers' bundle reads the same types with serde (`petugas::net`).

use crate::json::{Bad, Json, Obj};
use domain::answer::AnswerCheck;
use domain::lifecycle::{Event, Role, Status};
use domain::report::{AttachmentMeta, Limits, RawCoord, RawLocation, RawReporter};
use domain::wire::{
    from_code, AcceptRequest, AnswerView, ChainHead, ChainHeads, ChainProof, Done, DueView,
    ErrorDetail, FileView, FollowUpRequest, HistoryView, InfoRequest, LineError, ListItem,
    ListPage, Named, PhotoView, PlaceView, ProofEntry, ProofLink, ProofSegment, Receipt,
    ReopenRequest, ReportView, ReporterAnswer, ResponseView, Stats, SupportRequest, UnitRef,
};
use domain::{Date, Privacy, RawReport, ReportType};

/// A wire type built from the browser's JSON.
pub trait Read: Sized {
    fn read(j: &Json) -> Result<Self, Bad>;
}

/// A wire type written as the browser's JSON, field for field as serde writes it.
pub trait Write {
    fn write(&self) -> Obj;
}

/// The field inside `key`, named by its path (`unit.kind`).
fn inside(key: &str) -> impl Fn(Bad) -> Bad + '_ {
    move |Bad(f)| Bad(format!("{key}.{f}"))
}

impl Json {
    pub fn obj<T: Read>(&self, key: &str) -> Result<T, Bad> {
        let v = self.get(key);
        if !v.is_object() {
            return Err(Bad(key.to_string()));
        }
        T::read(&v).map_err(inside(key))
    }

    pub fn opt_obj<T: Read>(&self, key: &str) -> Result<Option<T>, Bad> {
        if self.get(key).is_absent() {
            return Ok(None);
        }
        self.obj(key).map(Some)
    }

    pub fn list<T: Read>(&self, key: &str) -> Result<Vec<T>, Bad> {
        self.items(key)?
            .iter()
            .map(|j| {
                if j.is_object() {
                    T::read(j).map_err(inside(key))
                } else {
                    Err(Bad(key.to_string()))
                }
            })
            .collect()
    }

    pub fn opt_list<T: Read>(&self, key: &str) -> Result<Option<Vec<T>>, Bad> {
        if self.get(key).is_absent() {
            return Ok(None);
        }
        self.list(key).map(Some)
    }
}

impl Read for Named {
    fn read(j: &Json) -> Result<Named, Bad> {
        Ok(Named {
            code: j.text("code")?,
            name: j.text("name")?,
        })
    }
}

impl Read for UnitRef {
    fn read(j: &Json) -> Result<UnitRef, Bad> {
        Ok(UnitRef {
            code: j.text("code")?,
            name: j.text("name")?,
            kind: j.code("kind", from_code)?,
        })
    }
}

impl Read for Receipt {
    fn read(j: &Json) -> Result<Receipt, Bad> {
        Ok(Receipt {
            tracking_code: j.text("tracking_code")?,
            display_code: j.text("display_code")?,
            status: j.code("status", Status::parse)?,
            privacy: j.code("privacy", Privacy::parse)?,
            unit: j.obj("unit")?,
            reason: j.text("reason")?,
            guidance: j.opt_text("guidance")?,
            verify_by: j.code("verify_by", Date::parse)?,
            answer_by: j.code("answer_by", Date::parse)?,
            reporter_token: j.text("reporter_token")?,
            reporter_secret: j.opt_text("reporter_secret")?,
            held: j.opt_text("held")?,
        })
    }
}

/// The receipt as the phone keeps it (the same fields as the server's answer).
impl Write for Receipt {
    fn write(&self) -> Obj {
        let Receipt {
            tracking_code,
            display_code,
            status,
            privacy,
            unit,
            reason,
            guidance,
            verify_by,
            answer_by,
            reporter_token,
            reporter_secret,
            held,
        } = self;
        let UnitRef { code, name, kind } = unit;
        Obj::new()
            .str("tracking_code", tracking_code)
            .str("display_code", display_code)
            .str("status", status.code())
            .str("privacy", privacy.code())
            .obj(
                "unit",
                Obj::new()
                    .str("code", code)
                    .str("name", name)
                    .str("kind", kind.code()),
            )
            .str("reason", reason)
            .opt("guidance", guidance.as_deref())
            .str("verify_by", &verify_by.to_string())
            .str("answer_by", &answer_by.to_string())
            .str("reporter_token", reporter_token)
            .opt("reporter_secret", reporter_secret.as_deref())
            .opt("held", held.as_deref())
    }
}

impl Read for Stats {
    fn read(j: &Json) -> Result<Stats, Bad> {
        Ok(Stats {
            reports_this_month: j.u64("reports_this_month")?,
            answered_on_time_pct: j.opt_u32("answered_on_time_pct")?,
            answered_last_year: j.u64("answered_last_year")?,
            reports_total: j.u64("reports_total")?,
        })
    }
}

impl Read for ErrorDetail {
    fn read(j: &Json) -> Result<ErrorDetail, Bad> {
        Ok(ErrorDetail {
            code: j.text("code")?,
            message: j.text("message")?,
            fields: j.text_map("fields")?,
            did_you_mean: j.opt_texts("did_you_mean")?,
            catalog_version: j.opt_text("catalog_version")?,
            lines: j.opt_list("lines")?,
        })
    }
}

impl Read for LineError {
    fn read(j: &Json) -> Result<LineError, Bad> {
        Ok(LineError {
            line: j.u32("line")? as usize,
            field: j.opt_text("field")?,
            message: j.text("message")?,
        })
    }
}

impl Read for Limits {
    fn read(j: &Json) -> Result<Limits, Bad> {
        Ok(Limits {
            max_photo_bytes: j.u64("max_photo_bytes")?,
        })
    }
}

impl Read for ReportView {
    fn read(j: &Json) -> Result<ReportView, Bad> {
        Ok(ReportView {
            tracking_code: j.text("tracking_code")?,
            display_code: j.text("display_code")?,
            report_type: j.code("type", ReportType::parse)?,
            category: j.obj("category")?,
            title: j.text("title")?,
            body: j.text("body")?,
            privacy: j.code("privacy", Privacy::parse)?,
            status: j.code("status", Status::parse)?,
            status_label: j.text("status_label")?,
            unit: j.obj("unit")?,
            reason: j.text("reason")?,
            guidance: j.opt_text("guidance")?,
            location: j.opt_obj("location")?,
            incident_date: j.opt_code("incident_date", Date::parse)?,
            created_at: j.i64("created_at")?,
            reporter_name: j.opt_text("reporter_name")?,
            answers: j.list("answers")?,
            photos: j.list("photos")?,
            history: j.list("history")?,
            responses: j.list("responses")?,
            due: j.opt_obj("due")?,
            followup_open: j.flag_or_false("followup_open")?,
            supporters: j.opt_u32("supporters")?.unwrap_or(0),
            held: j.opt_text("held")?,
        })
    }
}

impl Read for PlaceView {
    fn read(j: &Json) -> Result<PlaceView, Bad> {
        Ok(PlaceView {
            desa: j.text("desa")?,
            desa_name: j.text("desa_name")?,
            kecamatan: j.text("kecamatan")?,
            kecamatan_name: j.text("kecamatan_name")?,
            name: j.text("name")?,
            detail: j.opt_text("detail")?,
        })
    }
}

impl Read for AnswerView {
    fn read(j: &Json) -> Result<AnswerView, Bad> {
        Ok(AnswerView {
            question: j.text("question")?,
            question_text: j.text("question_text")?,
            value: j.text("value")?,
            label: j.text("label")?,
        })
    }
}

impl Read for PhotoView {
    fn read(j: &Json) -> Result<PhotoView, Bad> {
        Ok(PhotoView {
            url: j.text("url")?,
            thumb_url: j.text("thumb_url")?,
            width: j.u32("width")?,
            height: j.u32("height")?,
        })
    }
}

impl Read for HistoryView {
    fn read(j: &Json) -> Result<HistoryView, Bad> {
        Ok(HistoryView {
            at: j.i64("at")?,
            action: j.code("action", Event::parse)?,
            status: j.code("status", Status::parse)?,
            status_label: j.text("status_label")?,
            from_unit: j.opt_obj("from_unit")?,
            to_unit: j.opt_obj("to_unit")?,
            note: j.opt_text("note")?,
            actor: j.opt_text("actor")?,
            role: j.opt_code("role", Role::parse)?,
            internal: j.flag_or_false("internal")?,
        })
    }
}

impl Read for ResponseView {
    fn read(j: &Json) -> Result<ResponseView, Bad> {
        Ok(ResponseView {
            at: j.i64("at")?,
            unit: j.opt_obj("unit")?,
            text: j.text("text")?,
            files: j.list("files")?,
            check: match j.opt_obj::<AnswerCheck>("check")? {
                Some(c) => c,
                None => AnswerCheck::default(),
            },
        })
    }
}

impl Read for AnswerCheck {
    fn read(j: &Json) -> Result<AnswerCheck, Bad> {
        Ok(AnswerCheck {
            action: j.flag_or_false("action")?,
            unit: j.flag_or_false("unit")?,
            time: j.flag_or_false("time")?,
        })
    }
}

impl Read for FileView {
    fn read(j: &Json) -> Result<FileView, Bad> {
        Ok(FileView {
            url: j.text("url")?,
            thumb_url: j.text("thumb_url")?,
            content_type: j.text("content_type")?,
        })
    }
}

impl Read for DueView {
    fn read(j: &Json) -> Result<DueView, Bad> {
        Ok(DueView {
            kind: j.code("kind", from_code)?,
            label: j.text("label")?,
            date: j.code("date", Date::parse)?,
            overdue: j.flag("overdue")?,
            working_days_left: j.i32("working_days_left")?,
            left_text: j.text("left_text")?,
        })
    }
}

impl Read for ListItem {
    fn read(j: &Json) -> Result<ListItem, Bad> {
        Ok(ListItem {
            tracking_code: j.text("tracking_code")?,
            display_code: j.text("display_code")?,
            title: j.text("title")?,
            category: j.obj("category")?,
            status: j.code("status", Status::parse)?,
            status_label: j.text("status_label")?,
            unit: j.obj("unit")?,
            kecamatan_name: j.opt_text("kecamatan_name")?,
            created_at: j.i64("created_at")?,
            desa_name: j.opt_text("desa_name")?,
            supporters: j.opt_u32("supporters")?.unwrap_or(0),
        })
    }
}

impl Read for ListPage {
    fn read(j: &Json) -> Result<ListPage, Bad> {
        Ok(ListPage {
            items: j.list("items")?,
            page: j.u32("page")?,
            per_page: j.u32("per_page")?,
            total: j.u64("total")?,
            total_more: j.flag("total_more")?,
            next_cursor: j.opt_text("next_cursor")?,
        })
    }
}

impl Read for ReporterAnswer {
    fn read(j: &Json) -> Result<ReporterAnswer, Bad> {
        Ok(ReporterAnswer {
            status: j.code("status", Status::parse)?,
            rating: j.opt_u8("rating")?,
        })
    }
}

impl Read for Done {
    fn read(j: &Json) -> Result<Done, Bad> {
        Ok(Done { ok: j.flag("ok")? })
    }
}

/// `POST /api/v1/reports`: the report as typed, `null` for what is not there.
impl Write for RawReport {
    fn write(&self) -> Obj {
        let RawReport {
            report_type,
            category,
            answers,
            title,
            body,
            incident_date,
            location,
            privacy,
            reporter,
            catalog_version,
            attachments,
        } = self;
        let RawLocation {
            desa,
            detail,
            lat,
            lon,
        } = location;
        let RawReporter { name, phone, email } = reporter;
        let mut answers_obj = Obj::new();
        for (k, v) in answers {
            answers_obj = answers_obj.str(k, v);
        }
        let coord = |o: Obj, key: &str, c: &Option<RawCoord>| match c {
            Some(RawCoord::Num(n)) => o.num(key, *n),
            Some(RawCoord::Text(t)) => o.str(key, t),
            None => o.opt(key, None),
        };
        let place = Obj::new()
            .opt("desa", desa.as_deref())
            .opt("detail", detail.as_deref());
        let place = coord(coord(place, "lat", lat), "lon", lon);
        let mut out = Obj::new()
            .opt("type", report_type.as_deref())
            .opt("category", category.as_deref())
            .obj("answers", answers_obj)
            .opt("title", title.as_deref())
            .opt("body", body.as_deref())
            .opt("incident_date", incident_date.as_deref())
            .obj("location", place)
            .opt("privacy", privacy.as_deref())
            .obj(
                "reporter",
                Obj::new()
                    .opt("name", name.as_deref())
                    .opt("phone", phone.as_deref())
                    .opt("email", email.as_deref()),
            )
            .opt("catalog_version", catalog_version.as_deref());
        // Skipped when empty, as serde does: the server counts the files it receives.
        if !attachments.is_empty() {
            let list = attachments
                .iter()
                .map(|AttachmentMeta { size, content_type }| {
                    Obj::new()
                        .num("size", *size as f64)
                        .str("content_type", content_type)
                })
                .collect();
            out = out.objs("attachments", list);
        }
        out
    }
}

impl Write for AcceptRequest {
    fn write(&self) -> Obj {
        let AcceptRequest {
            token,
            rating,
            comment,
        } = self;
        Obj::new()
            .str("token", token)
            .opt_num("rating", rating.map(|r| r as f64))
            .opt("comment", comment.as_deref())
    }
}

impl Write for SupportRequest {
    fn write(&self) -> Obj {
        let SupportRequest {
            device,
            phone,
            email,
        } = self;
        Obj::new()
            .str("device", device)
            .opt("phone", phone.as_deref())
            .opt("email", email.as_deref())
    }
}

impl Write for ReopenRequest {
    fn write(&self) -> Obj {
        let ReopenRequest { token, reason } = self;
        Obj::new().str("token", token).str("reason", reason)
    }
}

impl Write for FollowUpRequest {
    fn write(&self) -> Obj {
        let FollowUpRequest { token, reply } = self;
        Obj::new().str("token", token).str("reply", reply)
    }
}

impl Write for InfoRequest {
    fn write(&self) -> Obj {
        let InfoRequest { token, text } = self;
        Obj::new().str("token", token).str("text", text)
    }
}

impl Read for ChainProof {
    fn read(j: &Json) -> Result<ChainProof, Bad> {
        Ok(ChainProof {
            code: j.text("code")?,
            segments: j.list("segments")?,
        })
    }
}

impl Read for ProofSegment {
    fn read(j: &Json) -> Result<ProofSegment, Bad> {
        Ok(ProofSegment {
            day: j.text("day")?,
            closed: j.flag("closed")?,
            prev: j.text("prev")?,
            links: j.list("links")?,
            head: j.text("head")?,
        })
    }
}

impl Read for ProofLink {
    fn read(j: &Json) -> Result<ProofLink, Bad> {
        Ok(ProofLink {
            id: j.i64("id")?,
            content: j.text("content")?,
            entry: j.opt_obj("entry")?,
        })
    }
}

impl Read for ProofEntry {
    fn read(j: &Json) -> Result<ProofEntry, Bad> {
        Ok(ProofEntry {
            at: j.i64("at")?,
            action: j.text("action")?,
            from_status: j.opt_text("from_status")?,
            to_status: j.text("to_status")?,
            from_unit: j.opt_text("from_unit")?,
            to_unit: j.opt_text("to_unit")?,
            note: j.opt_text("note")?,
            sealed: j.text("sealed")?,
        })
    }
}

impl Read for ChainHeads {
    fn read(j: &Json) -> Result<ChainHeads, Bad> {
        Ok(ChainHeads {
            heads: j.list("heads")?,
        })
    }
}

impl Read for ChainHead {
    fn read(j: &Json) -> Result<ChainHead, Bad> {
        Ok(ChainHead {
            day: j.text("day")?,
            last_entry: j.i64("last_entry")?,
            head: j.text("head")?,
            closed: j.flag("closed")?,
        })
    }
}
