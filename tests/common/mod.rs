//! Helpers shared by the host test files (each includes this module; not
//! every file uses every helper).
#![allow(dead_code)]

pub mod team;

use vigie::core::date::IsoDate;
use vigie::core::files::codec::{self, Options, Strictness};
use vigie::core::plan::{MeasureNo, Plan};
use vigie::core::record::annotations::{Author, Change, Link};
use vigie::core::record::document::{Document, Editor, Step};
use vigie::core::record::stamp::Replica;

pub fn plan() -> Plan {
    Plan::bundled()
}

pub fn claire() -> Author {
    Author { name: "Claire Martin".into(), service: "Ofast".into() }
}

pub fn karim() -> Author {
    Author { name: "Karim Benali".into(), service: "DGDDI".into() }
}

pub fn date(s: &str) -> IsoDate {
    IsoDate::parse(s).expect("a real date")
}

pub fn link(label: &str, url: &str) -> Link {
    Link { label: label.into(), url: url.into() }
}

/// One open tab (a replica) with its own document and clock reading.
pub struct Tab {
    pub doc: Document,
    pub replica: Replica,
    /// What its clock says now, in milliseconds.
    pub now: i64,
    pub author: Author,
}

impl Tab {
    pub fn new(plan: &Plan, id: u64, author: Author, now: i64) -> Tab {
        Tab { doc: Document::empty(plan), replica: Replica::from_bits(id), now, author }
    }

    pub fn editor(&self) -> Editor {
        Editor { replica: self.replica, now: self.now }
    }

    /// Records a change that must be accepted and must change something;
    /// the clock moves on a second.
    pub fn edit(&mut self, plan: &Plan, n: MeasureNo, change: Change) -> Step {
        let by = self.author.display();
        let editor = self.editor();
        self.now += 1_000;
        self.doc
            .edit(plan, n, change, None, &by, &editor)
            .expect("edit accepted")
            .expect("edit changes something")
    }

    /// The document as another tab or a file would read it back.
    pub fn reread(&self, plan: &Plan) -> Document {
        let text = codec::encode(&self.doc, false);
        codec::decode(&text, plan, Options { strictness: Strictness::Strict, latest: None })
            .expect("what Vigie writes, it reads")
            .document
    }
}

/// A schema-3 file made against the real plan by Claire Martin, around the
/// given `annotations` object (raw JSON).
pub fn schema3_file(annotations: &str) -> String {
    let plan = plan();
    format!(
        concat!(
            r#"{{"format":"vigie-annotations","schema":3,"#,
            r#""plan_id":"{}","plan_fingerprint":"{}","written_at":1790000000000,"#,
            r#""author":{{"name":"Claire Martin","service":"Ofast"}},"#,
            r#""annotations":{annotations}}}"#,
        ),
        plan.id,
        plan.fingerprint,
        annotations = annotations,
    )
}

/// A file holding `count` progress changes of measure `n`, stamped from
/// `from` on, chained as one person's edits (each replaces the one before).
pub fn chained_progress_file(n: MeasureNo, count: usize, from: usize) -> String {
    let plan = plan();
    let changes: Vec<String> = (from..from + count)
        .map(|i| {
            let replaces = if i == 0 {
                String::new()
            } else {
                format!(r#","replaces":["1789000000000.{}.0000000000c1"]"#, i - 1)
            };
            format!(
                r#"{{"at":"1789000000000.{i}.0000000000c1","by":"X","field":"progress","value":{}{replaces}}}"#,
                i % 100
            )
        })
        .collect();
    let fingerprint = vigie::core::record::annotations::text_fingerprint(
        &plan.measure(n).expect("a measure").text,
    );
    schema3_file(&format!(
        r#"{{"{n}":{{"text_fingerprint":"{fingerprint}","changes":[{}]}}}}"#,
        changes.join(",")
    ))
}
