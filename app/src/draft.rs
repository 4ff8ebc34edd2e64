//! The report being written, exactly as typed, and how it becomes the wire format
//! (`domain::RawReport`). Validation is never done here: `domain::NewReport::parse` judges the
//! result, so the app and the server apply one rule in one place.

use crate::json::{Json, Obj};
use domain::catalog;
use domain::report::{title_from, AttachmentMeta, RawCoord, RawLocation, RawReport, RawReporter};
use domain::routing::RouteRequest;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// The step the citizen was on, to come back to it after a reload.
    pub step: u8,
    pub report_type: String,
    pub topic: String,
    pub category: String,
    pub answers: BTreeMap<String, String>,
    pub kecamatan: String,
    pub desa: String,
    pub detail: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub accuracy: Option<f64>,
    pub title: String,
    pub body: String,
    pub incident_date: String,
    pub privacy: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    /// "Ceritakan masalah Anda": the citizen's own words, which find the category and seed the
    /// title and the story (`set_story`).
    pub story: String,
    /// Made once, when the draft is first sent, and reused by every retry so the server stores
    /// the report exactly once. Dropped when the server refuses the report (it stored nothing).
    pub idem_key: Option<String>,
}

/// A photo already shrunk in the browser: a JPEG data URL.
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    pub data_url: String,
}

impl Photo {
    /// The JPEG's size in bytes (from the base64 length).
    pub fn size(&self) -> u64 {
        let b64 = self.data_url.split_once(',').map(|(_, b)| b).unwrap_or("");
        (b64.len() as u64 * 3 / 4)
            .saturating_sub(b64.bytes().rev().take_while(|&c| c == b'=').count() as u64)
    }
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

impl Draft {
    pub fn read(j: &Json) -> Draft {
        Draft {
            step: j.num_or_none("step").unwrap_or(0.0).clamp(0.0, 255.0) as u8,
            report_type: j.str_or_empty("type"),
            topic: j.str_or_empty("topic"),
            category: j.str_or_empty("category"),
            answers: j.text_map("answers").unwrap_or_default(),
            kecamatan: j.str_or_empty("kecamatan"),
            desa: j.str_or_empty("desa"),
            detail: j.str_or_empty("detail"),
            lat: j.num_or_none("lat"),
            lon: j.num_or_none("lon"),
            accuracy: j.num_or_none("accuracy"),
            title: j.str_or_empty("title"),
            body: j.str_or_empty("body"),
            incident_date: j.str_or_empty("incident_date"),
            privacy: j.str_or_empty("privacy"),
            name: j.str_or_empty("name"),
            phone: j.str_or_empty("phone"),
            email: j.str_or_empty("email"),
            story: j.str_or_empty("story"),
            idem_key: j.opt_text("idem_key").ok().flatten(),
        }
    }

    pub fn write(&self) -> Obj {
        let mut answers = Obj::new();
        for (k, v) in &self.answers {
            answers = answers.str(k, v);
        }
        Obj::new()
            .num("step", self.step as f64)
            .str("type", &self.report_type)
            .str("topic", &self.topic)
            .str("category", &self.category)
            .obj("answers", answers)
            .str("kecamatan", &self.kecamatan)
            .str("desa", &self.desa)
            .str("detail", &self.detail)
            .opt_num("lat", self.lat)
            .opt_num("lon", self.lon)
            .opt_num("accuracy", self.accuracy)
            .str("title", &self.title)
            .str("body", &self.body)
            .str("incident_date", &self.incident_date)
            .str("privacy", &self.privacy)
            .str("name", &self.name)
            .str("phone", &self.phone)
            .str("email", &self.email)
            .str("story", &self.story)
            .opt("idem_key", self.idem_key.as_deref())
    }

    /// True when nothing worth keeping was typed yet.
    pub fn is_blank(&self) -> bool {
        self.report_type.is_empty()
            && self.category.is_empty()
            && self.title.is_empty()
            && self.body.is_empty()
            && self.desa.is_empty()
            && self.name.is_empty()
            && self.story.is_empty()
    }

    /// The citizen's own words, typed once: the title (their first sentence, within the limit)
    /// and the story follow them until the citizen writes a title or a story of their own.
    pub fn set_story(&mut self, story: &str) {
        let before = std::mem::replace(&mut self.story, story.to_string());
        if self.title.is_empty() || self.title == title_from(&before) {
            self.title = title_from(story);
        }
        if self.body.is_empty() || self.body == before.trim() {
            self.body = story.trim().to_string();
        }
    }

    /// Takes in what the citizen typed elsewhere (the server's form, before the app ran): each
    /// field they filled replaces the saved one; the rest of the saved draft stays.
    pub fn absorb(&mut self, typed: Draft) {
        let Draft {
            step,
            report_type,
            topic,
            category,
            answers,
            kecamatan,
            desa,
            detail,
            title,
            body,
            incident_date,
            privacy,
            name,
            phone,
            email,
            story,
            ..
        } = typed;
        if !kecamatan.is_empty() && kecamatan != self.kecamatan {
            self.desa.clear();
        }
        if !story.is_empty() {
            self.set_story(&story);
        }
        for (to, v) in [
            (&mut self.report_type, report_type),
            (&mut self.topic, topic),
            (&mut self.category, category),
            (&mut self.kecamatan, kecamatan),
            (&mut self.desa, desa),
            (&mut self.detail, detail),
            (&mut self.title, title),
            (&mut self.body, body),
            (&mut self.incident_date, incident_date),
            (&mut self.privacy, privacy),
            (&mut self.name, name),
            (&mut self.phone, phone),
            (&mut self.email, email),
        ] {
            if !v.is_empty() {
                *to = v;
            }
        }
        self.answers.extend(answers);
        if step > 0 {
            self.step = step;
        }
    }

    /// The region the report is about: the desa, or only the kecamatan when no desa was chosen
    /// (`domain` then says whether that is enough for this type of report).
    pub fn location_code(&self) -> Option<&str> {
        if !self.desa.is_empty() {
            Some(&self.desa)
        } else if !self.kecamatan.is_empty() {
            Some(&self.kecamatan)
        } else {
            None
        }
    }

    /// Answers to the questions the chosen category asks (answers to another category's
    /// questions stay in the draft, in case the citizen goes back to it, but are not sent).
    pub fn relevant_answers(&self) -> Vec<(&str, &str)> {
        let Some(cat) = catalog::category(&self.category) else {
            return Vec::new();
        };
        cat.questions()
            .filter_map(|q| {
                self.answers
                    .get(q.code)
                    .filter(|v| !v.is_empty())
                    .map(|v| (q.code, v.as_str()))
            })
            .collect()
    }

    pub fn route_request(&self) -> RouteRequest<'_> {
        RouteRequest {
            category: &self.category,
            answers: self.relevant_answers(),
            location: self.location_code(),
        }
    }

    /// The report as it crosses the wire. `photos` only feed the attachment checks of local
    /// validation; the server fills `attachments` itself from what it receives.
    pub fn to_raw(&self, photos: &[Photo]) -> RawReport {
        RawReport {
            report_type: opt(&self.report_type),
            category: opt(&self.category),
            answers: self
                .relevant_answers()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            title: opt(&self.title),
            body: opt(&self.body),
            incident_date: opt(&self.incident_date),
            location: RawLocation {
                desa: self.location_code().map(str::to_string),
                detail: opt(&self.detail),
                lat: self.lat.map(RawCoord::Num),
                lon: self.lon.map(RawCoord::Num),
            },
            privacy: opt(&self.privacy),
            reporter: RawReporter {
                name: opt(&self.name),
                phone: opt(&self.phone),
                email: opt(&self.email),
            },
            catalog_version: Some(domain::CATALOG_VERSION.to_string()),
            attachments: photos
                .iter()
                .map(|p| AttachmentMeta {
                    size: p.size(),
                    content_type: "image/jpeg".into(),
                })
                .collect(),
        }
    }
}
