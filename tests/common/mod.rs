//! Helpers shared by the host test files (each includes this module; not
//! every file uses every helper).
#![allow(dead_code)]

use vigie::core::annotations::{Author, Link};
use vigie::core::date::IsoDate;
use vigie::core::plan::Plan;

pub fn plan() -> Plan {
    Plan::bundled().expect("the bundled plan is valid")
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
