//! A realistic five-year history of a team following the plan, for the
//! tests and benches that must hold at team scale: fifteen people in
//! fifteen services, one coordinator, a monthly briefing for five years
//! (December 2021 to November 2026). Each month every pilot opens Vigie
//! (a new tab: a new replica id) and updates their measures: notes of
//! 300 to 1,000 characters revised (a dated paragraph added, the oldest
//! dropped, now and then rewritten whole), progress, now and then the
//! status with a comment, the due date, a link; the coordinator settles
//! the odd conflict (the same field changed by two people in one month).
//! About 10,000 changes, made through the core's own operations, so that
//! stamps, `replaces`, conflicts and resolutions are what Vigie makes.
//! Deterministic: the same seed gives the same document, byte for byte.
#![allow(dead_code)]

use vigie::core::date::{IsoDate, MONTHS};
use vigie::core::plan::{MeasureNo, Plan};
use vigie::core::record::annotations::{Author, Change, Field, Link, Version};
use vigie::core::record::document::{Document, Editor};
use vigie::core::record::stamp::Replica;
use vigie::core::record::status::Status;

/// The team: name, service. The first one coordinates.
pub const TEAM: [(&str, &str); 15] = [
    ("Claire Martin", "MILDECA"),
    ("Karim Benali", "DGDDI"),
    ("Sophie Lefèvre", "DGPN"),
    ("Thomas Girard", "DGGN"),
    ("Nadia Haddad", "OFAST"),
    ("Julien Moreau", "DACG"),
    ("Élodie Faure", "MEAE"),
    ("Marc Dubois", "Préfecture de police"),
    ("Inès Roux", "SGMer"),
    ("Pierre Lambert", "Tracfin"),
    ("Aurélie Bonnet", "DGS"),
    ("Hugo Mercier", "DGESCO"),
    ("Camille Fontaine", "DPJJ"),
    ("Yann Le Gall", "DGSI"),
    ("Léa Chevalier", "Préfecture des Bouches-du-Rhône"),
];

/// 1 December 2021, 09:00 in Paris (08:00 UTC).
const START_MS: i64 = 1_638_345_600_000;
const DAY: i64 = 86_400_000;
const BRIEFINGS: usize = 60;

pub fn author(person: usize) -> Author {
    Author { name: TEAM[person].0.to_owned(), service: TEAM[person].1.to_owned() }
}

/// SplitMix64: small, fast, and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// In `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const FACTS: [&str; 24] = [
    "la réunion de suivi avec les services déconcentrés a eu lieu",
    "le comité de pilotage a validé le calendrier de déploiement",
    "les crédits prévus en loi de finances ont été délégués aux préfectures",
    "deux départements pilotes ont rendu leur premier bilan",
    "le recrutement des agents prévus est achevé aux deux tiers",
    "la circulaire d’application est à la signature",
    "les échanges avec les partenaires européens se poursuivent à un rythme mensuel",
    "un retard est signalé sur le marché de l’outil informatique",
    "le groupe de travail interministériel s’est réuni à deux reprises",
    "les premiers indicateurs montrent une hausse des saisies",
    "la formation des enquêteurs a touché 120 agents",
    "le bilan statistique du trimestre est en cours de consolidation",
    "la convention avec l’opérateur portuaire a été signée",
    "les remontées des CROSS sont désormais hebdomadaires",
    "la cartographie des points de deal a été mise à jour dans 12 départements",
    "le dispositif a été présenté en comité de direction",
    "le texte réglementaire a reçu l’avis du Conseil d’État",
    "le financement complémentaire reste à arbitrer",
    "les services attendent le retour de l’inspection générale",
    "l’évaluation à mi-parcours recommande d’élargir le périmètre",
    "une mission conjointe s’est rendue aux Antilles",
    "le partenariat avec l’Éducation nationale a été reconduit",
    "les saisies d’avoirs criminels dépassent les objectifs annuels",
    "le plan d’action local a été adopté par le préfet",
];

const NEXT_STEPS: [&str; 12] = [
    "Prochaine étape : bilan au comité de pilotage.",
    "À suivre : arbitrage budgétaire attendu.",
    "Point de vigilance : effectifs encore incomplets.",
    "Action : relancer les services concernés avant la fin du mois.",
    "Échéance intermédiaire tenue.",
    "Calendrier maintenu à ce stade.",
    "Risque de glissement d’un trimestre.",
    "Retour attendu des partenaires étrangers.",
    "Besoin d’un appui juridique de la DACG.",
    "Indicateurs transmis à la MILDECA.",
    "Réunion de calage prévue avec l’OFAST.",
    "Rien de nouveau à signaler.",
];

const COMMENTS: [&str; 10] = [
    "Mise à jour après la réunion mensuelle.",
    "Selon le bilan transmis par le service.",
    "Validé en comité de pilotage.",
    "Chiffres provisoires, à confirmer le mois prochain.",
    "Retard lié au recrutement, signalé au cabinet.",
    "Suite au point avec la préfecture.",
    "D’après les remontées des services territoriaux.",
    "Arbitrage rendu par le cabinet du ministre.",
    "Première tranche livrée, la seconde en cours.",
    "Correction d’une erreur de saisie du mois précédent.",
];

const PLACES: [&str; 16] = [
    "Bouches-du-Rhône",
    "Nord",
    "Seine-Saint-Denis",
    "Guyane",
    "Martinique",
    "Guadeloupe",
    "Rhône",
    "Gironde",
    "Haute-Garonne",
    "Pyrénées-Orientales",
    "Alpes-Maritimes",
    "Hérault",
    "Loire-Atlantique",
    "Bas-Rhin",
    "Moselle",
    "La Réunion",
];

const UNITS: [&str; 8] = [
    "dossiers suivis",
    "agents formés",
    "contrôles réalisés",
    "kg saisis",
    "procédures ouvertes",
    "signalements reçus",
    "réunions tenues",
    "k€ engagés",
];

/// A fact of the month with its figures: « …, 37 contrôles réalisés (Nord) ».
fn fact(rng: &mut Rng) -> String {
    let mut text = rng.pick(&FACTS).to_string();
    if rng.chance(70) {
        let n = 2 + rng.below(480);
        text.push_str(&format!(", {n} {}", rng.pick(&UNITS)));
    }
    if rng.chance(40) {
        text.push_str(&format!(" ({})", rng.pick(&PLACES)));
    }
    text
}

/// One paragraph of a monthly note: « Point de mars 2023 : … ».
fn paragraph(rng: &mut Rng, month: usize) -> String {
    let m = (11 + month) % 12;
    let year = 2021 + month.div_ceil(12);
    let day = 1 + rng.below(28);
    let mut text = format!("Point du {day} {} {year} : {}", MONTHS[m], fact(rng));
    if rng.chance(60) {
        text.push_str(&format!(" ; {}", fact(rng)));
    }
    text.push_str(&format!(". {}", rng.pick(&NEXT_STEPS)));
    text
}

/// Who pilots measure `n` (never the coordinator), by service.
pub fn pilot_of(n: MeasureNo) -> usize {
    1 + (usize::from(n) * 5) % (TEAM.len() - 1)
}

/// The five-year history as the coordinator's browser holds it after the
/// last briefing: everyone's changes, merged.
pub fn five_years(plan: &Plan) -> Document {
    let mut rng = Rng::new(0x5eed_2019);
    let mut doc = Document::empty(plan);
    let measures: Vec<MeasureNo> = plan.measures.iter().map(|m| m.number).collect();
    // Per measure: the note's paragraphs, its length target, progress, status.
    let mut notes: Vec<Vec<String>> = vec![Vec::new(); measures.len()];
    let targets: Vec<usize> = measures.iter().map(|_| 300 + rng.below(700) as usize).collect();
    let mut progress = vec![0u8; measures.len()];
    let mut status = vec![Status::NonEvaluee; measures.len()];
    // Two people's clocks are off: one 2 h ahead, one 3 h behind.
    let skew = |person: usize| match person {
        4 => 2 * 3_600_000,
        9 => -3 * 3_600_000,
        _ => 0,
    };
    for month in 0..BRIEFINGS {
        let month_start = START_MS + month as i64 * 30 * DAY + month as i64 / 2 * DAY;
        // Each person's tab this month: a new replica id.
        let replicas: Vec<Replica> =
            (0..TEAM.len()).map(|_| Replica::from_bits(rng.next())).collect();
        let editor = |person: usize, minutes: i64| Editor {
            replica: replicas[person],
            now: month_start + skew(person) + (person as i64 * 4 * 3_600_000) + minutes * 60_000,
        };
        for (i, &n) in measures.iter().enumerate() {
            let pilot = pilot_of(n);
            let by = author(pilot).display();
            let mut minute = (i as i64) * 3;
            let mut next_editor = |rng: &mut Rng| {
                minute += 1 + rng.below(3) as i64;
                editor(pilot, minute)
            };
            let edit = |doc: &mut Document, change: Change, e: &Editor| {
                doc.edit(plan, n, change, None, &by, e).expect("a valid change")
            };
            if month == 0 {
                let e = next_editor(&mut rng);
                edit(&mut doc, Change::Pilote(author(pilot).display()), &e);
                let due = IsoDate::new(2023 + (i % 4) as u16, 1 + (i % 12) as u8, 28);
                let e = next_editor(&mut rng);
                edit(&mut doc, Change::Due(due), &e);
            }
            // The note, revised every month.
            if rng.chance(8) && notes[i].len() > 1 {
                let summary = format!(
                    "Synthèse à {} : {}. {}",
                    MONTHS[(11 + month) % 12],
                    fact(&mut rng),
                    rng.pick(&NEXT_STEPS)
                );
                notes[i] = vec![summary];
            }
            let added = paragraph(&mut rng, month);
            notes[i].push(added);
            while notes[i].iter().map(|p| p.chars().count() + 1).sum::<usize>() > targets[i]
                && notes[i].len() > 1
            {
                notes[i].remove(0);
            }
            let e = next_editor(&mut rng);
            let noted = edit(&mut doc, Change::Notes(notes[i].join("\n")), &e);
            // The coordinator reads it before the briefing, and often says so.
            if let Some(step) = noted.filter(|_| rng.chance(35)) {
                let on = step.fields()[0].after[0].at;
                let text = format!("Vu en préparation du point mensuel. {}", rng.pick(&NEXT_STEPS));
                let e = editor(0, 120 + i as i64);
                doc.edit(plan, n, Change::Comment { on, text }, None, &author(0).display(), &e)
                    .expect("a valid comment");
            }
            // A second revision in the month, after the briefing.
            if rng.chance(25) {
                let last = notes[i].len() - 1;
                let more = fact(&mut rng);
                notes[i][last].push_str(&format!(" Complément : {more}."));
                let e = next_editor(&mut rng);
                edit(&mut doc, Change::Notes(notes[i].join("\n")), &e);
            }
            // Progress, most months, sometimes explained.
            if status[i] != Status::Realisee && rng.chance(70) {
                progress[i] = (progress[i] + 1 + rng.below(6) as u8).min(100);
                let e = next_editor(&mut rng);
                if let Some(step) = edit(&mut doc, Change::Progress(progress[i]), &e) {
                    if rng.chance(50) {
                        let on = step.fields()[0].after[0].at;
                        let text = rng.pick(&COMMENTS).to_string();
                        let e = next_editor(&mut rng);
                        edit(&mut doc, Change::Comment { on, text }, &e);
                    }
                }
            }
            // Status, now and then, always explained.
            let next = match (status[i], progress[i]) {
                (Status::NonEvaluee, _) if month >= 1 => Some(Status::NonEngagee),
                (Status::NonEngagee, p) if p >= 5 => Some(Status::EnCours),
                (Status::EnCours, p) if p >= 100 => Some(Status::Realisee),
                (Status::EnCours, _) if rng.chance(3) => Some(Status::EnDifficulte),
                (Status::EnDifficulte, _) if rng.chance(30) => Some(Status::EnCours),
                _ => None,
            };
            if let Some(next) = next {
                status[i] = next;
                let e = next_editor(&mut rng);
                if let Some(step) = edit(&mut doc, Change::Status(next), &e) {
                    let on = step.fields()[0].after[0].at;
                    let text = format!("{} {}", rng.pick(&COMMENTS), rng.pick(&NEXT_STEPS));
                    let e = next_editor(&mut rng);
                    edit(&mut doc, Change::Comment { on, text }, &e);
                }
            }
            // A link to the minutes, twice a year or so.
            if rng.chance(15) {
                let mut links = doc.annotation(n).map_or_else(Vec::new, |a| a.links().to_vec());
                links.push(Link {
                    label: format!("Compte rendu de {}", MONTHS[(11 + month) % 12]),
                    url: format!("https://intranet.exemple.gouv.fr/cr/{n}/{month}"),
                });
                if links.len() > 12 {
                    links.remove(0);
                }
                let e = next_editor(&mut rng);
                edit(&mut doc, Change::Links(links), &e);
            }
            // The due date moves, now and then.
            if rng.chance(4) {
                let due = IsoDate::new(2024 + rng.below(4) as u16, 1 + rng.below(12) as u8, 15);
                let e = next_editor(&mut rng);
                edit(&mut doc, Change::Due(due), &e);
            }
            // A conflict: the coordinator changed the same status in the
            // same month without having seen the pilot's change; settled at
            // the briefing.
            if rng.chance(2) {
                let heads =
                    doc.annotation(n).map(|a| a.heads(Field::Status).to_vec()).unwrap_or_default();
                let seen: Vec<Version> = doc
                    .annotation(n)
                    .and_then(|a| heads.last().and_then(|v| a.entry(v.at)))
                    .map(|e| e.replaces.clone())
                    .unwrap_or_default();
                let coordinator = author(0).display();
                let other = if status[i] == Status::EnDifficulte {
                    Status::EnCours
                } else {
                    Status::EnDifficulte
                };
                let e = editor(0, 200 + i as i64);
                doc.edit(plan, n, Change::Status(other), Some(&seen), &coordinator, &e)
                    .expect("a valid change");
                let keep = doc.annotation(n).and_then(|a| {
                    let c = a.conflicts().iter().find(|c| c.field == Field::Status)?;
                    c.heads.iter().find(|v| a.entry(v.at).is_some_and(|e| e.by == by)).map(|v| v.at)
                });
                if let Some(keep) = keep {
                    let e = editor(0, 230 + i as i64);
                    doc.resolve(plan, n, keep, &coordinator, &e).expect("resolved");
                }
            }
        }
    }
    // The coordinator signs on 25 November 2026, after the last briefing.
    let e = Editor { replica: Replica::from_bits(rng.next()), now: START_MS + 1_820 * DAY };
    doc.set_author(author(0), &e);
    // Fifteen people's work, met through their files: none of it is this
    // browser's to sign.
    doc.mark_shared();
    doc.written_at = e.now;
    doc
}

/// The five-year history as the round-up of one month sees it: each
/// person's own changes in a file of their own, exported by them, and the
/// first five sent twice (a copy forwarded by a colleague): 20 files.
pub fn files_by_person(plan: &Plan) -> Vec<(String, String)> {
    let history = five_years(plan);
    let whole: serde_json::Value =
        serde_json::from_str(&vigie::core::files::codec::encode(&history, false))
            .expect("our JSON");
    let mut files = Vec::new();
    for person in 0..TEAM.len() {
        let signer = author(person);
        let mut doc = whole.clone();
        doc["author"] = serde_json::json!({ "name": signer.name, "service": signer.service });
        let annotations = doc["annotations"].as_object_mut().expect("annotations");
        for measure in annotations.values_mut() {
            let changes = measure["changes"].as_array_mut().expect("changes");
            changes.retain(|c| c["by"] == signer.display().as_str());
        }
        annotations.retain(|_, m| !m["changes"].as_array().is_some_and(Vec::is_empty));
        let slug: String = signer
            .name
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        files.push((format!("{:02}-{slug}.json", person + 1), doc.to_string()));
    }
    for i in 0..5 {
        let (name, text) = files[i].clone();
        files.push((name.replace(".json", "-copie.json"), text));
    }
    files
}
