//! The demo's two months of work, replayed day by day through the real
//! mutations (so the demo follows the same rules as a phone), each step as
//! of its own time ([`crate::clock::as_of`]): on every working day the
//! townships' inspectors check sites for dust and safety and appraise
//! houses; what fails becomes a notice the contractor acknowledges and
//! answers with photos, the inspector re-inspects and closes or rejects, and
//! the supervisor reviews; rural houses graded C or D get renovation files
//! with photos before, during and after. Every notice state and kind occurs.

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc, Weekday};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use demo_photos::Subject;

use super::{
    api,
    findings::{self, Problem},
    photos::{Camera, Spot},
};
use crate::{
    auth::AuthUser,
    clock,
    directory::{
        households::entity as household, regions::entity as region, sites::entity as site, users::entity as user,
    },
    notices::Calendar,
    patrols::plans::{self, NewPlan},
    policy::{self, Role},
    sync::{Ctx, Registry, Write},
    templates::seed::{self, DUST_CONTROL_V2, QUALITY_SAFETY_V3, RURAL_APPRAISAL_V1},
};

/// Days of work before today.
pub const DAYS: u64 = 60;

/// What the replay made.
#[derive(Debug, Default)]
pub struct Made {
    /// Inspections finished.
    pub inspections: usize,
    /// Notices created.
    pub notices: usize,
    /// Renovation files opened.
    pub renovations: usize,
}

/// A demo user as if signed in on a phone.
async fn signed_in(db: &impl ConnectionTrait, username: &str) -> anyhow::Result<AuthUser> {
    let found = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no demo user {username}"))?;
    let region_path = match found.region_id {
        Some(id) => region::Entity::find_by_id(id).one(db).await?.map(|r| r.path),
        None => None,
    };
    Ok(AuthUser {
        user_id: found.id,
        username: found.username,
        role: Role::parse(&found.role)
            .ok_or_else(|| anyhow::anyhow!("demo user {username} has role {}", found.role))?,
        region_id: found.region_id,
        region_path,
        organisation_id: found.organisation_id,
        device_id: None,
        session_id: Uuid::nil(),
        expires_at: 0,
    })
}

/// One user's phone: applies mutations as it would push them, each as of its time.
struct Phone {
    user: AuthUser,
    client_id: Uuid,
    next: u64,
}

impl Phone {
    async fn new(db: &impl ConnectionTrait, username: &str) -> anyhow::Result<Phone> {
        Ok(Phone { user: signed_in(db, username).await?, client_id: Uuid::new_v4(), next: 0 })
    }
}

/// The replay's shared parts.
struct Replay<'a> {
    write: &'a Write,
    registry: &'a Registry,
    calendar: &'a Calendar,
    camera: Camera<'a>,
    made: Made,
}

impl Replay<'_> {
    async fn run(
        &self,
        phone: &mut Phone,
        at: DateTime<Utc>,
        name: &str,
        args: Value,
    ) -> anyhow::Result<Option<Value>> {
        phone.next += 1;
        let ctx = Ctx::new(self.write.db(), self.write, &phone.user, phone.client_id, phone.next);
        let applied = clock::as_of(at, self.registry.apply(name, &ctx, args)).await;
        api(applied).map_err(|e| e.context(format!("demo {name} by {} at {at}", phone.user.username)))
    }

    /// `hour:minute` on `day`, in the bureau's time zone.
    fn at(&self, day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
        let local = day.and_hms_opt(hour, minute, 0).unwrap_or_default();
        self.calendar.tz.from_local_datetime(&local).earliest().map_or_else(|| local.and_utc(), |t| t.to_utc())
    }

    async fn photo(
        &mut self,
        by: &Phone,
        at: DateTime<Utc>,
        spot: &Spot,
        subject: Subject,
        caption: &str,
    ) -> anyhow::Result<String> {
        self.camera.shoot(self.write.db(), by.user.user_id, at, spot, subject, caption).await
    }
}

/// A site the demo inspects.
struct Place {
    id: Uuid,
    spot: Spot,
    /// Which contractor phone answers its notices.
    contractor: usize,
}

/// The template's clause for an item, in Chinese.
fn clause(body: &Value, item: &str) -> String {
    let items =
        body["sections"].as_array().into_iter().flatten().flat_map(|s| s["items"].as_array().into_iter().flatten());
    items.filter(|i| i["id"] == item).find_map(|i| i["clause"]["zh"].as_str().map(str::to_owned)).unwrap_or_default()
}

/// The body of a built-in template.
fn template_body(id: Uuid) -> anyhow::Result<Value> {
    for (_, text) in seed::FILES {
        let file = seed::parse(text)?;
        if file.id == id {
            return Ok(file.body);
        }
    }
    anyhow::bail!("no built-in template {id}")
}

/// Every dust-control answer passing, `failed` failing with their photos.
fn dust_answers(failed: &[(&Problem, String)]) -> Value {
    let mut answers = json!({
        "hoarding_closed": "pass", "hoarding_frontage": "main_road", "hoarding_height": {"value": 2.5, "unit": "m"},
        "material_covered": "pass", "exit_count": 2, "exit_wash_trough": "pass", "exit_settling_tank": "pass",
        "vehicles_washed": "pass", "roads_hardened": "pass", "muck_trucks_sealed": "pass", "monitor_online": "pass",
    });
    for (problem, photo) in failed {
        answers[problem.item] = json!({"value": "fail", "photos": [photo]});
    }
    answers
}

/// A JGJ 59 sheet of the sections every site has, nothing deducted but `failed`.
fn safety_answers(body: &Value, failed: &[(&Problem, String)]) -> Value {
    let mut answers = Map::new();
    for section in body["sections"].as_array().into_iter().flatten() {
        if ["safety_mgmt", "civilised", "height", "electricity", "machinery"]
            .contains(&section["id"].as_str().unwrap_or(""))
        {
            for item in section["items"].as_array().into_iter().flatten() {
                answers.insert(item["id"].as_str().unwrap_or_default().to_owned(), json!(0));
            }
        }
    }
    for unused in ["machinery_planer", "machinery_piling"] {
        answers.insert(unused.into(), json!("not_applicable"));
    }
    for (problem, photo) in failed {
        answers.insert(problem.item.into(), json!({"value": problem.points, "photos": [photo]}));
    }
    Value::Object(answers)
}

/// A rural appraisal whose walls have `grade` (a–d), the rest sound.
fn appraisal_answers(house: &household::Model, grade: &str, photo: &str) -> Value {
    json!({
        "head_name": house.head_name, "head_id_number": house.id_number, "address": house.address,
        "structure": "brick_timber", "storeys": 1, "year_built": 1985, "site_safe": "pass",
        "foundation": "a", "walls_columns": {"value": grade, "photos": [photo]}, "beams_trusses_purlins": if grade == "d" { json!({"value": "c", "photos": [photo]}) } else { json!("a") },
        "floors_roof": "a", "overall_tilt": "a",
        "renovation_type": match grade { "d" => "demolish_rebuild", "c" => "repair_reinforce", _ => "none" },
        "appraiser": "李明", "reviewer": "赵卫东",
    })
}

/// How a notice's story goes on after its issue, chosen by its age and number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Course {
    /// Issued, nothing since.
    Issued,
    /// Acknowledged, not yet answered.
    Acknowledged,
    /// Answered, awaiting the re-inspection.
    Responded,
    /// The answer was refused; awaiting a better one.
    Rejected,
    /// Closed by the re-inspection.
    Verified,
    /// Refused once, answered again, closed.
    VerifiedAfterRejection,
    /// Withdrawn by the supervisor.
    Revoked,
}

fn course(age: u64, n: usize) -> Course {
    match (age, n % 10) {
        (_, 9) if age > 6 => Course::Revoked,
        (0..=2, k) if k % 2 == 0 => Course::Issued,
        (0..=2, _) => Course::Acknowledged,
        (3..=8, 0 | 3) => Course::Acknowledged,
        (3..=8, 1 | 4 | 7) => Course::Responded,
        (3..=8, 5) => Course::Rejected,
        (3..=8, _) => Course::Verified,
        // Old ones: mostly closed, some left overdue, one refused first.
        (_, 2) => Course::Acknowledged,
        (_, 6) => Course::VerifiedAfterRejection,
        _ => Course::Verified,
    }
}

/// A step of a notice's story after its issue: when, by whom, what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum By {
    Inspector,
    Contractor,
    Supervisor,
}

/// The steps of `course` for a notice issued at `issued`, answerable by
/// `deadline`; strong measures are approved first.
fn steps(
    course: Course,
    issued: DateTime<Utc>,
    deadline: Option<NaiveDate>,
    strong: bool,
    n: usize,
    r: &Replay<'_>,
) -> Vec<(DateTime<Utc>, By, &'static str)> {
    let hours = |h: i64| issued + chrono::Duration::hours(h);
    let day = r.calendar.today(issued);
    // Most answer the day before the deadline; every fifth the day after it.
    let answer_day = match deadline {
        None => day + Days::new(2),
        Some(d) if n % 5 == 4 => d + Days::new(1),
        Some(d) if d > day + Days::new(1) => d - Days::new(1),
        Some(d) => d,
    };
    let answered = r.at(answer_day.max(day + Days::new(1)), 15, 20 + (n % 30) as u32);
    let mut out = Vec::new();
    if strong {
        out.push((hours(3), By::Supervisor, "approve"));
        out.push((hours(5), By::Inspector, "serve"));
    } else if course != Course::Revoked {
        let review = if n % 7 == 3 { "review_return" } else { "review_approve" };
        out.push((hours(26), By::Supervisor, review));
    }
    if course == Course::Revoked {
        out.push((hours(50), By::Supervisor, "revoke"));
        return out;
    }
    if course == Course::Issued {
        return out;
    }
    // Received the next morning.
    let received = r.calendar.today(if strong { hours(3) } else { issued }) + Days::new(1);
    out.push((r.at(received, 8, 30 + (n % 29) as u32), By::Contractor, "acknowledge"));
    if course == Course::Acknowledged {
        return out;
    }
    out.push((answered, By::Contractor, "respond"));
    let reinspected = answered + chrono::Duration::hours(20);
    match course {
        Course::Responded => {}
        Course::Rejected => out.push((reinspected, By::Inspector, "reject")),
        Course::Verified => out.push((reinspected, By::Inspector, "verify")),
        Course::VerifiedAfterRejection => {
            out.push((reinspected, By::Inspector, "reject"));
            out.push((reinspected + chrono::Duration::hours(24), By::Contractor, "respond_again"));
            out.push((reinspected + chrono::Duration::hours(48), By::Inspector, "verify"));
        }
        _ => {}
    }
    out.sort_by_key(|s| s.0);
    out
}

/// The people of the demo, as phones.
struct People {
    /// One inspector per township, in township order.
    inspectors: Vec<Phone>,
    /// Company A's and company B's contractor.
    contractors: [Phone; 2],
    supervisor: Phone,
}

/// One inspection of a site, and the notice its problems lead to.
struct Check<'p> {
    township: usize,
    place: &'p Place,
    template: Uuid,
    problems: Vec<&'static Problem>,
    at: DateTime<Utc>,
    /// The n-th notice of the county, choosing its kind and course.
    n: usize,
    /// What this week's stories set instead of the choice by `n`: the
    /// notice's kind and course; a course of `None` leaves it a draft.
    forced: Option<(&'static str, Option<Course>)>,
}

async fn inspect_site(
    r: &mut Replay<'_>,
    people: &mut People,
    check: Check<'_>,
    bodies: &Bodies,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let Check { township, place, template, problems, at, n, forced } = check;
    let inspector = &mut people.inspectors[township];
    let mut failed = Vec::new();
    for (i, problem) in problems.iter().enumerate() {
        let shot = at + chrono::Duration::minutes(4 + 3 * i as i64);
        let photo =
            r.photo(inspector, shot, &place.spot, problem.before, &format!("整改前：{}", problem.location)).await?;
        failed.push((*problem, photo));
    }
    let safety = template == QUALITY_SAFETY_V3;
    let body = if safety { &bodies.safety } else { &bodies.dust };
    let answers = if safety { safety_answers(body, &failed) } else { dust_answers(&failed) };
    let id = Uuid::new_v4();
    let location = json!({"latitude": place.spot.latitude, "longitude": place.spot.longitude, "accuracy_m": 12.0});
    r.run(
        inspector,
        at,
        "inspection.create",
        json!({"id": id, "template_id": template, "site_id": place.id, "answers": answers, "location": location}),
    )
    .await?;
    let conclusion = if failed.is_empty() { findings::ALL_PASSED } else { findings::NOTICE_FOLLOWS };
    let finished = at + chrono::Duration::minutes(40);
    r.run(inspector, finished, "inspection.finish", json!({"id": id, "conclusion": conclusion})).await?;
    r.made.inspections += 1;
    if failed.is_empty() {
        return Ok(());
    }
    // Strong measures now and then: a stop-work order for dust, a sealed
    // crane or a summons for safety, one case filed in the county.
    let chosen = match (safety, n % 11) {
        (false, 4) => "stop_work",
        (true, 2) => "equipment_sealed",
        (true, 7) => "summons",
        (_, 10) if township == 2 => "case_filed",
        _ => "rectification",
    };
    let kind = forced.map_or(chosen, |(kind, _)| kind);
    let strong = matches!(kind, "stop_work" | "equipment_sealed" | "case_filed");
    let cited: Vec<Value> = failed
        .iter()
        .map(|(p, photo)| json!({"item_id": p.item, "text": p.text, "location": p.location, "clause": clause(body, p.item), "photos": [photo]}))
        .collect();
    let notice = Uuid::new_v4();
    let days = match kind {
        "rectification" if safety => Some(5),
        "rectification" => Some(3),
        "stop_work" => Some(7),
        _ => None,
    };
    let actions = match kind {
        "stop_work" => findings::STOP_WORK_ACTIONS,
        _ if safety => findings::SAFETY_ACTIONS,
        _ => findings::DUST_ACTIONS,
    };
    let legal_basis = body["legal_basis"]["zh"].as_str().unwrap_or_default();
    let penalty = (kind == "case_filed").then_some("20000.00");
    let sealed = if kind == "equipment_sealed" { findings::SEALED_EQUIPMENT } else { "" };
    r.run(
        inspector,
        finished,
        "notice.create",
        json!({
            "id": notice, "kind": kind, "site_id": place.id, "inspection_id": id, "findings": cited,
            "legal_basis": legal_basis, "required_actions": actions, "deadline_days": days, "penalty_amount": penalty,
            "sealed_equipment": sealed,
        }),
    )
    .await?;
    r.made.notices += 1;
    if forced.is_some_and(|(_, course)| course.is_none()) {
        return Ok(());
    }
    let issued = finished + chrono::Duration::minutes(5);
    // Handed over on site and signed for, except now and then one posted
    // to the company, which is served when it acknowledges it in the app;
    // a strong measure is served once it is approved.
    let posted = n % 8 == 6;
    let mut issue = json!({"id": notice});
    if !strong && !posted {
        issue["service"] = json!({"method": "in_person", "receiver": findings::RECEIVERS[n % 4]});
    }
    r.run(inspector, issued, "notice.issue", issue).await?;
    let age = (now - issued).num_days().max(0) as u64;
    let course = forced.and_then(|(_, course)| course).unwrap_or_else(|| self::course(age, n));
    // A strong measure just issued awaits the supervisor's approval.
    if strong && course == Course::Issued {
        return Ok(());
    }
    let served = match (strong, posted) {
        (true, _) => r.calendar.today(issued + chrono::Duration::hours(5)),
        (false, true) => r.calendar.today(issued) + Days::new(1),
        (false, false) => r.calendar.today(issued),
    };
    let deadline = days.map(|d| r.calendar.deadline(served, d));
    let mut answer_photos = Vec::new();
    for (step_at, by, action) in steps(course, issued, deadline, strong, n, r) {
        if step_at > now - chrono::Duration::minutes(30) {
            break;
        }
        let (phone, comment) = match (by, action) {
            (By::Supervisor, "approve") => (&mut people.supervisor, findings::APPROVED),
            (By::Supervisor, "review_approve") => (&mut people.supervisor, findings::REVIEWED),
            (By::Supervisor, "review_return") => (&mut people.supervisor, findings::RETURNED),
            (By::Supervisor, _) => (&mut people.supervisor, findings::REVOKED),
            (By::Contractor, "acknowledge") => (&mut people.contractors[place.contractor], findings::ACKNOWLEDGED),
            (By::Contractor, _) => (&mut people.contractors[place.contractor], ""),
            (By::Inspector, "verify") => (&mut people.inspectors[township], findings::VERIFIED),
            (By::Inspector, "serve") => (&mut people.inspectors[township], ""),
            (By::Inspector, _) => (&mut people.inspectors[township], findings::REJECTED),
        };
        let mut args = json!({"id": notice, "comment": comment});
        if action == "serve" {
            // Served where the order is to be obeyed; now and then the
            // manager will not sign and it is left before a witness.
            args["service"] = if n % 3 == 0 {
                json!({"method": "left_at_site", "receiver": findings::RECEIVERS[n % 4], "witness": findings::WITNESS})
            } else {
                json!({"method": "in_person", "receiver": findings::RECEIVERS[n % 4]})
            };
        }
        if by == By::Contractor && action != "acknowledge" {
            answer_photos.clear();
            for (p, _) in &failed {
                let caption = format!("整改后：{}", p.location);
                answer_photos.push(
                    r.camera.shoot(r.write.db(), phone.user.user_id, step_at, &place.spot, p.after, &caption).await?,
                );
            }
            let text = if action == "respond_again" {
                findings::ANSWERED_AGAIN.to_owned()
            } else {
                failed.iter().map(|(p, _)| p.answer).collect::<Vec<_>>().join("")
            };
            args["text"] = json!(text);
            args["photos"] = json!(answer_photos);
        }
        let name = if action == "respond_again" { "respond" } else { action };
        r.run(phone, step_at, &format!("notice.{name}"), args).await?;
    }
    Ok(())
}

/// The bodies of the templates the demo answers.
struct Bodies {
    dust: Value,
    safety: Value,
}

/// Appraises a house: the grade its walls show, with their photo; a C or D
/// house gets a renovation file carried as far as the days since allow.
async fn appraise(
    r: &mut Replay<'_>,
    inspector: &mut Phone,
    house: &household::Model,
    spot: &Spot,
    grade: &str,
    at: DateTime<Utc>,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let (_, note) =
        findings::HOUSE_NOTES.iter().find(|(g, _)| *g == grade).copied().unwrap_or(findings::HOUSE_NOTES[0]);
    let sound = matches!(grade, "a" | "b");
    let photo = r.photo(inspector, at, spot, Subject::House { sound }, &format!("承重墙：{note}")).await?;
    let id = Uuid::new_v4();
    r.run(inspector, at, "inspection.create", json!({"id": id, "template_id": RURAL_APPRAISAL_V1, "household_id": house.id, "answers": appraisal_answers(house, grade, &photo), "notes": note})).await?;
    r.run(
        inspector,
        at + chrono::Duration::minutes(50),
        "inspection.finish",
        json!({"id": id, "conclusion": format!("鉴定为{}级", grade.to_uppercase())}),
    )
    .await?;
    r.made.inspections += 1;
    if sound {
        return Ok(());
    }
    // The renovation file, opened the next day; each step a few days on.
    let file = Uuid::new_v4();
    let opened = r.calendar.today(at) + Days::new(1);
    if opened >= today {
        return Ok(());
    }
    // The grade that stands: an improvement on an earlier C or D waits for a supervisor.
    let standing = household::Entity::find_by_id(house.id).one(r.write.db()).await?.and_then(|h| h.grade);
    let kind = match standing.as_deref() {
        Some("D") => "demolish_rebuild",
        Some("C") => "repair_reinforce",
        _ => return Ok(()),
    };
    let number = format!("QH-WG-{}-{:03}", opened.year(), r.made.renovations + 1);
    r.run(inspector, r.at(opened, 10, 0), "renovation.open", json!({"id": file, "household_id": house.id, "file_number": number, "renovation_type": kind, "build_mode": "self_built", "applied_on": opened})).await?;
    r.made.renovations += 1;
    r.run(
        inspector,
        r.at(opened, 10, 5),
        "renovation.photos",
        json!({"id": file, "stage": "before", "photos": [photo]}),
    )
    .await?;
    let plan: [(&str, u64); 10] = [
        ("verify", 1),
        ("appraise", 2),
        ("village_review", 4),
        ("public_notice", 5),
        ("township_check", 13),
        ("county_approval", 15),
        ("agreement", 17),
        ("build_started", 20),
        ("build_completed", 38),
        ("joint_acceptance", 41),
    ];
    for (step, after) in plan {
        let on = opened + Days::new(after);
        if on >= today {
            break;
        }
        let at = r.at(on, 14, 30);
        let mut args = json!({"id": file, "step": step, "on": on, "note": ""});
        match step {
            "county_approval" => {
                args["subsidy"] = json!(if kind == "demolish_rebuild" { "35000.00" } else { "15000.00" })
            }
            "build_started" | "build_completed" | "joint_acceptance" => {
                let (stage, subject) = if step == "build_started" {
                    ("during", Subject::Frame)
                } else {
                    ("after", Subject::House { sound: true })
                };
                let caption =
                    if stage == "during" { "改造中：墙体加固施工" } else { "改造后：竣工验收" };
                let shot = r.photo(inspector, at, spot, subject, caption).await?;
                r.run(inspector, at, "renovation.photos", json!({"id": file, "stage": stage, "photos": [shot]}))
                    .await?;
            }
            _ => {}
        }
        r.run(inspector, at, "renovation.advance", args).await?;
    }
    Ok(())
}

async fn places(db: &impl ConnectionTrait, township: &str, contractors: &[Phone; 2]) -> anyhow::Result<Vec<Place>> {
    let sites = site::Entity::find()
        .filter(site::Column::RegionPath.starts_with(township))
        .filter(site::Column::Status.is_in(["active", "suspended"]))
        .order_by_asc(site::Column::Name)
        .all(db)
        .await?;
    Ok(sites
        .into_iter()
        .map(|s| Place {
            id: s.id,
            contractor: usize::from(s.contractor_id != contractors[0].user.organisation_id),
            spot: Spot {
                name: s.name,
                latitude: s.latitude.unwrap_or(37.07),
                longitude: s.longitude.unwrap_or(115.67),
            },
        })
        .collect())
}

/// One of this week's stories: township, template, problems, hours ago,
/// the notice's kind and course.
type Story<'a> = (usize, Uuid, &'a [&'static Problem], i64, &'static str, Option<Course>);

/// The routine inspections: template, the problems it finds, the hour,
/// how often one fails (in ten), the stride between the problems of one.
const ROUNDS: [(Uuid, &[Problem], u32, usize, usize); 2] =
    [(DUST_CONTROL_V2, findings::DUST, 9, 4, 3), (QUALITY_SAFETY_V3, findings::SAFETY, 14, 6, 2)];

/// Creates the demo's two months of work and the daily patrol plan.
pub async fn create_work(
    write: &Write,
    registry: &Registry,
    calendar: &Calendar,
    camera: Camera<'_>,
) -> anyhow::Result<(Made, Vec<crate::blobs::Sha256>)> {
    let db = write.db();
    let mut inspectors = Vec::new();
    for name in super::users::INSPECTORS {
        inspectors.push(Phone::new(db, name).await?);
    }
    let contractors = [Phone::new(db, "contractor").await?, Phone::new(db, "contractor2").await?];
    let mut people = People { inspectors, contractors, supervisor: Phone::new(db, "supervisor").await? };
    let mut sites = Vec::new();
    let mut houses = Vec::new();
    for inspector in &people.inspectors {
        let township = inspector.user.region_path.clone().unwrap_or_default();
        sites.push(places(db, &township, &people.contractors).await?);
        houses.push(
            household::Entity::find()
                .filter(household::Column::RegionPath.starts_with(township.as_str()))
                .order_by_asc(household::Column::Address)
                .all(db)
                .await?,
        );
    }
    let bodies = Bodies { dust: template_body(DUST_CONTROL_V2)?, safety: template_body(QUALITY_SAFETY_V3)? };
    let mut r = Replay { write, registry, calendar, camera, made: Made::default() };
    // The demo's "now": the system clock, or the day a test starts it on.
    let now = clock::now();
    let today = calendar.today(now);
    let (mut w, mut n) = (0usize, 0usize);
    for ago in (1..=DAYS).rev() {
        let day = today - Days::new(ago);
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        w += 1;
        for t in 0..people.inspectors.len() {
            let minute = ((w * 13 + t * 37) % 50) as u32;
            let roll = (w * 31 + t * 17) % 10;
            // Dust every other working day; safety once a week; a few fail.
            for (round, (template, problems, hour, fails_below, stride)) in ROUNDS.iter().enumerate() {
                let (due, pick) =
                    if round == 0 { ((w + t) % 2 == 0, w / 2) } else { ((w + 2 * t) % 5 == 3, w / 5 + 1) };
                let Some(place) = sites[t].get(pick % sites[t].len().max(1)).filter(|_| due) else { continue };
                let count = if roll < *fails_below { 1 + roll % 2 } else { 0 };
                let problems = (0..count).map(|k| &problems[(w + t + stride * k) % problems.len()]).collect();
                n += usize::from(count > 0);
                let at = r.at(day, *hour, minute);
                let check = Check { township: t, place, template: *template, problems, at, n, forced: None };
                inspect_site(&mut r, &mut people, check, &bodies, now).await?;
            }
            if (w + t) % 4 == 1
                && let Some(house) = houses[t].get(w / 4)
            {
                let anchor = sites[t].first().map(|p| (p.spot.latitude, p.spot.longitude)).unwrap_or((37.07, 115.67));
                let k = (w / 4) as f64;
                let spot = Spot {
                    name: house.address.clone().unwrap_or_else(|| house.head_name.clone()),
                    latitude: anchor.0 + 0.011 * (k % 3.0 - 1.0),
                    longitude: anchor.1 + 0.009 * (k % 4.0 - 1.5),
                };
                let grade = ["a", "b", "c", "a", "d", "b", "c"][(w / 4 + t) % 7];
                let at = r.at(day, 10, minute);
                appraise(&mut r, &mut people.inspectors[t], house, &spot, grade, at, today).await?;
            }
        }
    }
    // This week's stories, whatever day the demo starts: one of every kind
    // and every state, so each page has something to show.
    let week: [Story<'_>; 8] = [
        (0, DUST_CONTROL_V2, &[&findings::DUST[0]], 2, "rectification", None),
        // Issued this morning: awaiting the supervisor's review.
        (0, DUST_CONTROL_V2, &[&findings::DUST[2]], 5, "rectification", Some(Course::Issued)),
        // Answered, awaiting the re-inspection.
        (4, DUST_CONTROL_V2, &[&findings::DUST[3]], 8 * 24, "rectification", Some(Course::Responded)),
        (3, DUST_CONTROL_V2, &[&findings::DUST[4], &findings::DUST[5]], 3, "stop_work", Some(Course::Issued)),
        (1, DUST_CONTROL_V2, &[&findings::DUST[1]], 7 * 24, "rectification", Some(Course::Rejected)),
        (4, QUALITY_SAFETY_V3, &[&findings::SAFETY[2]], 4 * 24, "equipment_sealed", Some(Course::Acknowledged)),
        (2, QUALITY_SAFETY_V3, &[&findings::SAFETY[0]], 2 * 24, "summons", Some(Course::Issued)),
        (
            2,
            QUALITY_SAFETY_V3,
            &[&findings::SAFETY[1], &findings::SAFETY[2]],
            5 * 24,
            "case_filed",
            Some(Course::Acknowledged),
        ),
    ];
    for (township, template, problems, hours_ago, kind, course) in week {
        let Some(place) = sites.get(township).and_then(|s| s.last()) else { continue };
        n += 1;
        let at = now - chrono::Duration::hours(hours_ago);
        let check =
            Check { township, place, template, problems: problems.to_vec(), at, n, forced: Some((kind, course)) };
        inspect_site(&mut r, &mut people, check, &bodies, now).await?;
    }
    let inspector = &people.inspectors[0].user;
    let township_id = inspector.region_id.ok_or_else(|| anyhow::anyhow!("the demo inspector has no township"))?;
    let plan = NewPlan {
        name: "每日巡查".into(),
        kind: "dust_control".into(),
        site_id: None,
        region_id: Some(township_id),
        every_days: 1,
        starts_on: today - Days::new(7),
        assignee_id: Some(inspector.user_id),
    };
    api(plans::create(write, &policy::system(), plan).await)?;
    Ok((r.made, r.camera.taken()))
}
