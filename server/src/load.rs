//! A synthetic population for load tests (`limitdesk seed-load`): many customers,
//! each with a credit line, a few orders and one adverse decision, and appeals on
//! a share of those decisions in every status of the lifecycle.
//!
//! Everything is derived from a fixed seed and the clock, so two runs against
//! empty databases on the same pinned clock produce the same population.

use std::time::Instant;

use app::model::Role;
use app::ssr::store::{
    AccountEvent, Actor, CustomerRecord, EventKind, ImportedAppeal, NewAccount, NewAppeal,
};
use app::ssr::{Clock, Store, StoreError};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use domain::appeal::{AppealAction, Ground};
use domain::decision::NewDecision;
use domain::reason::{
    FlaggedPurchase, IdentityProblem, OverdueItem, ReassessmentFactor, SecurityEventKind, Strike,
    StrikeKind,
};
use domain::{
    Binding, DecisionKind, Installment, Lang, LineStatus, Money, Order, Reason, ReasonCode,
    SecurityEvent,
};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

/// Customers (or appeals) written per store call, each call one transaction.
pub const BATCH: usize = 500;
/// A progress line every this many customers (and appeals).
pub const PROGRESS_EVERY: u32 = 10_000;
/// Appeals are submitted within this many days before now.
const APPEAL_SPREAD_DAYS: i64 = 30;
const SEED: u64 = 42;

/// What `seed_load` wrote and how long it took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadReport {
    pub customers: u32,
    pub appeals: u32,
    pub seconds: f64,
}

/// `load-000001`, `load-000002`, … (1-based).
pub fn username(n: u32) -> String {
    format!("load-{n:06}")
}

/// The lifecycle steps of the synthetic appeals, out of every 100: 60 open, 40 closed.
const PATTERNS: &[(usize, &[AppealAction])] = {
    use AppealAction::*;
    &[
        // Open.
        (15, &[]),
        (14, &[Claim]),
        (10, &[Claim, AskForInformation]),
        (6, &[Claim, AskForInformation, CustomerReply]),
        (8, &[Claim, ProposeForApproval]),
        (3, &[Claim, ProposeForApproval, SendBack]),
        (
            4,
            &[Claim, AskForInformation, CustomerReply, ProposeForApproval],
        ),
        // Closed.
        (9, &[Claim, Approve]),
        (4, &[Claim, PartiallyApprove]),
        (10, &[Claim, Reject]),
        (3, &[Claim, ProposeForApproval, Approve]),
        (1, &[Claim, ProposeForApproval, Reject]),
        (4, &[Withdraw]),
        (2, &[Claim, AskForInformation, Withdraw]),
        (5, &[Claim, AskForInformation, CloseForNoReply]),
        (2, &[Claim, Reassess]),
    ]
};

/// Fills the database with `customers` synthetic customers (`load-000001` …)
/// and `appeals` appeals on their decisions, at most one per customer.
/// `password_hash` is shared by every account; claimed appeals are assigned to
/// `staff` in turn (left unassigned if it is empty).
pub async fn seed_load(
    store: &dyn Store,
    clock: Clock,
    password_hash: &str,
    customers: u32,
    appeals: u32,
    staff: &[Uuid],
) -> Result<LoadReport, StoreError> {
    if appeals > customers {
        return Err(StoreError::Backend(
            format!(
                "cannot create {appeals} appeals for {customers} customers: \
                 each customer has one decision, and it takes at most one appeal"
            )
            .into(),
        ));
    }
    if customers > 999_999 {
        return Err(StoreError::Backend(
            "at most 999,999 synthetic customers (load-000001 … load-999999)"
                .to_owned()
                .into(),
        ));
    }
    if customers > 0 && store.credentials(&username(1)).await?.is_some() {
        return Err(StoreError::Conflict(format!(
            "a synthetic population ({})",
            username(1)
        )));
    }
    let started = Instant::now();
    let actor = Actor::system("seed-load");
    let mut gen = Generator::new(clock, password_hash);

    let mut appealable = Vec::with_capacity(usize::try_from(customers).unwrap_or(0));
    let mut batch = Vec::with_capacity(BATCH);
    for n in 1..=customers {
        let (record, target) = gen.customer(n)?;
        appealable.push(target);
        batch.push(record);
        if batch.len() == BATCH || n == customers {
            store
                .import_customers(std::mem::take(&mut batch), &actor)
                .await?;
        }
        if n % PROGRESS_EVERY == 0 {
            tracing::info!(
                customers = n,
                of = customers,
                seconds = started.elapsed().as_secs(),
                "seed-load: customers written"
            );
        }
    }

    // Which customers appeal, and in which order the lifecycle patterns go round.
    appealable.shuffle(&mut gen.rng);
    appealable.truncate(usize::try_from(appeals).unwrap_or(0));
    let mut patterns: Vec<&[AppealAction]> = PATTERNS
        .iter()
        .flat_map(|(weight, steps)| std::iter::repeat_n(*steps, *weight))
        .collect();
    patterns.shuffle(&mut gen.rng);
    let mut next_staff = 0usize;
    let mut written = 0u32;
    let mut batch = Vec::with_capacity(BATCH);
    let total = appealable.len();
    for (k, target) in appealable.iter().enumerate() {
        let steps = patterns[k % patterns.len()];
        let assignee = if steps.first() == Some(&AppealAction::Claim) && !staff.is_empty() {
            let s = staff[next_staff % staff.len()];
            next_staff += 1;
            Some(s)
        } else {
            None
        };
        batch.push(gen.appeal(target, steps, assignee));
        written += 1;
        if batch.len() == BATCH || k + 1 == total {
            store
                .import_appeals(std::mem::take(&mut batch), &actor)
                .await?;
        }
        if written.is_multiple_of(PROGRESS_EVERY) {
            tracing::info!(
                appeals = written,
                of = appeals,
                seconds = started.elapsed().as_secs(),
                "seed-load: appeals written"
            );
        }
    }
    store.refresh_statistics().await?;
    Ok(LoadReport {
        customers,
        appeals: written,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// What an appeal needs to know about the customer's decision.
#[derive(Debug, Clone)]
struct Target {
    account_id: Uuid,
    decision_id: Uuid,
    decided_at: DateTime<Utc>,
    code: ReasonCode,
    /// A detail the statement can mention (an order, a city, a date).
    detail: String,
}

/// The facts being assembled for one customer.
struct Draft {
    decided_on: NaiveDate,
    limit_before: i64,
    orders: Vec<Order>,
    events: Vec<AccountEvent>,
    identity_verified_until: Option<NaiveDate>,
    detail: String,
}

const PRODUCTS: &[&str] = &[
    "蓝牙耳机",
    "跑步鞋",
    "电饭煲",
    "机械键盘",
    "空气炸锅",
    "扫地机器人",
    "手机壳",
    "羽绒服",
    "儿童自行车",
    "咖啡机",
    "平板电脑",
    "电动牙刷",
    "行李箱",
    "投影仪",
    "瑜伽垫",
    "净水器",
    "智能手表",
    "婴儿推车",
];
const ID_PREFIXES: &[&str] = &[
    "3301", "1101", "4403", "5101", "3101", "4201", "3201", "6101", "3702", "4301", "2101", "5001",
];
const PHONE_PREFIXES: &[&str] = &[
    "138", "139", "137", "136", "135", "150", "151", "158", "159", "186", "187", "188", "189",
    "177", "199",
];
const CITIES: &[&str] = &[
    "深圳",
    "成都",
    "西安",
    "昆明",
    "哈尔滨",
    "厦门",
    "乌鲁木齐",
    "三亚",
];
const DEVICES: &[&str] = &[
    "iPhone 15",
    "华为 Mate 60",
    "小米 14",
    "OPPO Find X7",
    "vivo X100",
];
const CARD_MERCHANTS: &[&str] = &["某礼品卡商城", "某数码回收店", "某充值卡平台"];
const BANDS: &[&str] = &["A", "B", "C", "D", "E"];
const MODELS: &[&str] = &["risk-engine 2026.09.2", "risk-engine 2026.10.1"];
const CLOSINGS: &[&str] = &[
    "谢谢！",
    "如需更多材料，请随时联系我。",
    "我一直是平台的老用户，一直按时还款，希望能尽快处理。",
    "额度对我日常购物很重要，麻烦尽快审核，谢谢。",
    "相关截图我可以随时补充。",
];

struct Generator<'a> {
    rng: StdRng,
    today: NaiveDate,
    now: DateTime<Utc>,
    password_hash: &'a str,
}

impl<'a> Generator<'a> {
    fn new(clock: Clock, password_hash: &'a str) -> Generator<'a> {
        Generator {
            rng: StdRng::seed_from_u64(SEED),
            today: clock.today(),
            now: clock.now(),
            password_hash,
        }
    }

    /// A version-7 id stamped `at`, its random part from the seeded generator.
    fn id(&mut self, at: DateTime<Utc>) -> Uuid {
        let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
        let bytes: [u8; 10] = self.rng.gen();
        uuid::Builder::from_unix_timestamp_millis(millis, &bytes).into_uuid()
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.gen_range(0..items.len())]
    }

    /// `minute` minutes after midnight, Shanghai time, on `day`.
    fn at(&self, day: NaiveDate, minute: u32) -> DateTime<Utc> {
        let time = NaiveTime::from_num_seconds_from_midnight_opt(minute.min(1439) * 60, 0)
            .unwrap_or_default();
        Shanghai
            .from_local_datetime(&day.and_time(time))
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(self.now)
    }

    /// Some time on `day`, never later than now.
    fn some_time_on(&mut self, day: NaiveDate) -> DateTime<Utc> {
        let minute = self.rng.gen_range(8 * 60..23 * 60);
        self.at(day, minute).min(self.now)
    }

    /// When an installment due on `due` was paid, as of today: mostly on time,
    /// about one in seven late; not yet if it is not due.
    fn payment(&mut self, due: NaiveDate) -> Option<NaiveDate> {
        if due > self.today {
            return None;
        }
        let room = (self.today - due).num_days();
        if room >= 1 && self.rng.gen_bool(0.15) {
            Some(due + Duration::days(self.rng.gen_range(1..=room.min(20))))
        } else {
            Some(due - Duration::days(self.rng.gen_range(0..=5)))
        }
    }

    /// An order of `count` monthly installments, the first due 30 days after
    /// `placed`; `paid(k, due)` says when installment k (0-based) was paid.
    fn order(
        &mut self,
        description: String,
        placed: NaiveDate,
        total_fen: i64,
        count: u32,
        mut paid: impl FnMut(&mut Self, u32, NaiveDate) -> Option<NaiveDate>,
    ) -> Result<Order, StoreError> {
        let id = self.id(self.at(placed, 12 * 60));
        let n = i64::from(count.max(1));
        let share = total_fen / n;
        let mut installments = Vec::with_capacity(usize::try_from(n).unwrap_or(1));
        for k in 0..count.max(1) {
            let due = placed + Duration::days(30 * i64::from(k + 1));
            let fen = if i64::from(k) == n - 1 {
                total_fen - share * (n - 1)
            } else {
                share
            };
            let paid_on = paid(self, k, due);
            installments.push(Installment {
                id: self.id(self.at(placed, 12 * 60)),
                order_id: id,
                seq: k + 1,
                due_on: due,
                amount: money(fen)?,
                paid_on,
            });
        }
        Ok(Order {
            id,
            description,
            placed_on: placed,
            total: money(total_fen)?,
            installments,
        })
    }

    /// An everyday order placed within the last 300 days.
    fn everyday_order(&mut self, limit_yuan: i64) -> Result<Order, StoreError> {
        let product = self.pick(PRODUCTS);
        let placed = self.today - Duration::days(self.rng.gen_range(20..=300));
        let top = (limit_yuan / 3).clamp(200, 15_000);
        let fen = self.rng.gen_range(100..=top) * 100 + self.rng.gen_range(0..100);
        let count = self.pick(&[3u32, 3, 6, 6, 12]);
        self.order(product.to_owned(), placed, fen, count, |g, _, due| {
            g.payment(due)
        })
    }

    /// Customer number `n` (1-based) and what an appeal on their decision needs.
    fn customer(&mut self, n: u32) -> Result<(CustomerRecord, Target), StoreError> {
        let index = usize::try_from(n - 1).unwrap_or(0);
        let primary = ReasonCode::ALL[index % ReasonCode::ALL.len()];
        let mut codes = vec![primary];
        if self.rng.gen_bool(0.25) {
            let offset = self.rng.gen_range(1..ReasonCode::ALL.len());
            codes.push(ReasonCode::ALL[(index + offset) % ReasonCode::ALL.len()]);
        }
        let kind = match primary {
            ReasonCode::AccountSecurity
            | ReasonCode::FrequentBindingChanges
            | ReasonCode::SuspectedCashOut => DecisionKind::Freeze,
            ReasonCode::OverdueUnpaid
            | ReasonCode::OverdueHistory
            | ReasonCode::CreditReassessment => DecisionKind::Reduce,
            ReasonCode::IdentityUnverified | ReasonCode::RuleViolation => {
                if self.rng.gen_bool(0.5) {
                    DecisionKind::Freeze
                } else {
                    DecisionKind::Reduce
                }
            }
        };
        // ¥1,000–¥50,000 in steps of ¥500; a reduction starts from at least ¥2,000.
        let (limit_before, limit_after) = match kind {
            DecisionKind::Reduce => {
                let before = self.rng.gen_range(4..=100) * 500;
                let after = self.rng.gen_range(2..before / 500) * 500;
                (before, after)
            }
            _ => {
                let limit = self.rng.gen_range(2..=100) * 500;
                (limit, limit)
            }
        };
        let decided_on = self.today - Duration::days(self.rng.gen_range(1..=80));
        let decided_at = self.some_time_on(decided_on);
        let mut draft = Draft {
            decided_on,
            limit_before,
            orders: Vec::new(),
            events: Vec::new(),
            identity_verified_until: Some(
                self.today + Duration::days(self.rng.gen_range(200..=1500)),
            ),
            detail: String::new(),
        };
        let mut reasons = Vec::with_capacity(codes.len());
        for code in &codes {
            let (reason, detail) = self.reason(*code, &mut draft)?;
            if draft.detail.is_empty() {
                draft.detail = detail;
            }
            reasons.push(reason);
        }
        let wanted = self.rng.gen_range(1..=3usize);
        while draft.orders.len() < wanted {
            let order = self.everyday_order(limit_before)?;
            draft.orders.push(order);
        }
        if codes.contains(&ReasonCode::OverdueHistory) {
            // Count what the orders really show, now that all of them exist.
            let (late, worst) = late_history(&draft.orders, decided_on);
            for r in &mut reasons {
                if let Reason::OverdueHistory {
                    late_count,
                    worst_days_late,
                } = r
                {
                    *late_count = late.max(1);
                    *worst_days_late = worst.max(1);
                }
            }
        }
        draft.orders.sort_by_key(|o| o.placed_on);
        draft.events.sort_by_key(|e| e.occurred_at);

        let titles: Vec<&str> = codes.iter().map(|c| c.title(Lang::Zh)).collect();
        let titles = titles.join("、");
        let (before, after) = (Money::yuan(limit_before), Money::yuan(limit_after));
        let notice = match kind {
            DecisionKind::Freeze => format!(
                "【先用后付】尊敬的用户，因{titles}，您的先用后付额度 {before} 已被冻结。如有异议，可在应用内提交申诉。"
            ),
            _ => format!(
                "【先用后付】尊敬的用户，因{titles}，您的先用后付额度已由 {before} 调整为 {after}。如有异议，可在应用内提交申诉。"
            ),
        };
        let model_version = self.pick(MODELS).to_owned();
        let decision = NewDecision {
            id: self.id(decided_at),
            external_id: format!("CS-{}-L{n:06}", decided_on.format("%Y%m%d")),
            model_version,
            kind,
            limit_before: before,
            limit_after: after,
            reasons,
            notice,
            decided_at,
            decided_on,
        }
        .validate()
        .map_err(|e| StoreError::Corrupt(format!("synthetic decision {n}: {e}")))?;

        let id_prefix = self.pick(ID_PREFIXES);
        let id_tail: u32 = self.rng.gen_range(0..10_000);
        let phone_prefix = self.pick(PHONE_PREFIXES);
        let phone_tail: u32 = self.rng.gen_range(0..10_000);
        let account = NewAccount {
            id: self.id(self.now),
            username: username(n),
            display_name: format!("客户{n:06}"),
            role: Role::Customer,
            password_hash: self.password_hash.to_owned(),
            totp_secret: None,
            id_number_masked: Some(format!("{id_prefix}**********{id_tail:04}")),
            phone_masked: Some(format!("{phone_prefix}****{phone_tail:04}")),
            identity_verified_until: draft.identity_verified_until,
            created_at: self.now,
        };
        let target = Target {
            account_id: account.id,
            decision_id: decision.id,
            decided_at,
            code: primary,
            detail: std::mem::take(&mut draft.detail),
        };
        let record = CustomerRecord {
            account,
            limit: after,
            status: if kind == DecisionKind::Freeze {
                LineStatus::Frozen
            } else {
                LineStatus::Active
            },
            decisions: vec![decision],
            orders: draft.orders,
            events: draft.events,
        };
        Ok((record, target))
    }

    /// One reason with facts that match the customer's orders and events,
    /// adding whatever orders or events the facts need.
    /// Also returns a detail for the statement of an appeal against it.
    fn reason(&mut self, code: ReasonCode, d: &mut Draft) -> Result<(Reason, String), StoreError> {
        let detail;
        let reason = match code {
            ReasonCode::OverdueUnpaid => {
                // Installment 1 was this many days late when the decision came;
                // most customers paid it afterwards, some still have not.
                let days_late = self.rng.gen_range(3..=30);
                let due = d.decided_on - Duration::days(days_late);
                let placed = due - Duration::days(30);
                let settle = self.rng.gen_bool(0.7);
                let decided_on = d.decided_on;
                let product = self.pick(PRODUCTS);
                let top = (d.limit_before / 4).clamp(300, 12_000);
                let fen = self.rng.gen_range(300..=top) * 100;
                let count = self.pick(&[3u32, 6]);
                let order = self.order(product.to_owned(), placed, fen, count, |g, k, due| {
                    if !settle {
                        return None;
                    }
                    if k == 0 {
                        let paid = decided_on + Duration::days(g.rng.gen_range(1..=15));
                        (paid <= g.today).then_some(paid)
                    } else {
                        g.payment(due)
                    }
                })?;
                let late = &order.installments[0];
                let item = OverdueItem {
                    order_id: order.id,
                    installment_id: late.id,
                    order: order.description.clone(),
                    seq: late.seq,
                    amount: late.amount,
                    due_on: late.due_on,
                    days_late: late.days_late(d.decided_on),
                };
                detail = format!(
                    "“{}”第1期 {}（还款日 {}）",
                    order.description, late.amount, late.due_on
                );
                d.orders.push(order);
                Reason::OverdueUnpaid { items: vec![item] }
            }
            ReasonCode::OverdueHistory => {
                // An older order with two or three installments paid late before
                // the decision; the counts are filled in once all orders exist.
                let placed = d.decided_on - Duration::days(self.rng.gen_range(130..=250));
                let late_ones = self.rng.gen_range(2..=3u32);
                let decided_on = d.decided_on;
                let product = self.pick(PRODUCTS);
                let top = (d.limit_before / 3).clamp(600, 15_000);
                let fen = self.rng.gen_range(600..=top) * 100;
                let order = self.order(product.to_owned(), placed, fen, 6, |g, k, due| {
                    if k < late_ones && due < decided_on {
                        let paid = due + Duration::days(g.rng.gen_range(2..=25));
                        Some(
                            paid.min(decided_on - Duration::days(1))
                                .max(due + Duration::days(1)),
                        )
                    } else {
                        g.payment(due)
                    }
                })?;
                detail = format!("“{}”", order.description);
                d.orders.push(order);
                Reason::OverdueHistory {
                    late_count: late_ones,
                    worst_days_late: 1,
                }
            }
            ReasonCode::IdentityUnverified => {
                let problem = if self.rng.gen_bool(0.5) {
                    d.identity_verified_until = None;
                    IdentityProblem::Missing
                } else {
                    let on = d.decided_on - Duration::days(self.rng.gen_range(1..=60));
                    d.identity_verified_until = Some(on);
                    IdentityProblem::Expired { on }
                };
                // Some have verified again since.
                let redo = d.decided_on + Duration::days(self.rng.gen_range(1..=20));
                if redo <= self.today && self.rng.gen_bool(0.4) {
                    d.identity_verified_until = Some(redo + Duration::days(3 * 365));
                    let at = self.some_time_on(redo);
                    d.events.push(AccountEvent {
                        id: self.id(at),
                        kind: EventKind::IdentityVerified,
                        occurred_at: at,
                        detail: "实名认证 已完成".to_owned(),
                    });
                    detail = redo.to_string();
                } else {
                    detail = "近日".to_owned();
                }
                Reason::IdentityUnverified { problem }
            }
            ReasonCode::AccountSecurity => {
                let count = self.rng.gen_range(1..=3);
                let mut events = Vec::with_capacity(count);
                for _ in 0..count {
                    let on = d.decided_on - Duration::days(self.rng.gen_range(1..=6));
                    let kind = self.pick(&[
                        SecurityEventKind::NewDevice,
                        SecurityEventKind::UnusualLocation,
                        SecurityEventKind::RepeatedFailedSignIns,
                    ]);
                    let what = match kind {
                        SecurityEventKind::NewDevice => self.pick(DEVICES).to_owned(),
                        SecurityEventKind::UnusualLocation => self.pick(CITIES).to_owned(),
                        SecurityEventKind::RepeatedFailedSignIns => {
                            format!("{} 次", self.rng.gen_range(5..=12))
                        }
                    };
                    let at = self.some_time_on(on);
                    match kind {
                        SecurityEventKind::NewDevice => d.events.push(AccountEvent {
                            id: self.id(at),
                            kind: EventKind::NewDeviceSignIn,
                            occurred_at: at,
                            detail: format!("新设备登录 {what}"),
                        }),
                        SecurityEventKind::UnusualLocation => d.events.push(AccountEvent {
                            id: self.id(at),
                            kind: EventKind::UnusualLocationSignIn,
                            occurred_at: at,
                            detail: format!("异地登录 {what}"),
                        }),
                        SecurityEventKind::RepeatedFailedSignIns => {}
                    }
                    events.push(SecurityEvent {
                        on,
                        kind,
                        detail: what,
                    });
                }
                events.sort_by_key(|e| e.on);
                let city = events
                    .iter()
                    .find(|e| e.kind == SecurityEventKind::UnusualLocation)
                    .map(|e| e.detail.clone())
                    .unwrap_or_else(|| self.pick(CITIES).to_owned());
                detail = format!("{}|{}", events[0].on, city);
                Reason::AccountSecurity { events }
            }
            ReasonCode::FrequentBindingChanges => {
                let binding = self.pick(&[Binding::BankCard, Binding::Phone]);
                let changes = self.rng.gen_range(3..=6u32);
                let last_change_on = d.decided_on - Duration::days(self.rng.gen_range(1..=5));
                for k in 0..changes {
                    let on = if k == 0 {
                        last_change_on
                    } else {
                        last_change_on - Duration::days(self.rng.gen_range(1..=28))
                    };
                    let at = self.some_time_on(on);
                    d.events.push(AccountEvent {
                        id: self.id(at),
                        kind: EventKind::BindingChanged,
                        occurred_at: at,
                        detail: match binding {
                            Binding::BankCard => "银行卡 尾号变更".to_owned(),
                            Binding::Phone => "手机号 变更".to_owned(),
                        },
                    });
                }
                detail = binding.name(Lang::Zh).to_owned();
                Reason::FrequentBindingChanges {
                    binding,
                    changes,
                    window_days: 30,
                    last_change_on,
                }
            }
            ReasonCode::CreditReassessment => {
                let before = self.rng.gen_range(0..=2usize);
                let after = (before + self.rng.gen_range(1..=2)).min(BANDS.len() - 1);
                let mut factors = vec![
                    ReassessmentFactor::HighUtilisation,
                    ReassessmentFactor::ShortHistory,
                    ReassessmentFactor::IncomeUnverified,
                    ReassessmentFactor::ManyRecentApplications,
                ];
                factors.shuffle(&mut self.rng);
                factors.truncate(self.rng.gen_range(1..=2));
                detail = format!("{} → {}", BANDS[before], BANDS[after]);
                Reason::CreditReassessment {
                    band_before: BANDS[before].to_owned(),
                    band_after: BANDS[after].to_owned(),
                    factors,
                }
            }
            ReasonCode::RuleViolation => {
                let count = self.rng.gen_range(1..=3);
                let mut strikes: Vec<Strike> = (0..count)
                    .map(|_| Strike {
                        on: d.decided_on - Duration::days(self.rng.gen_range(1..=90)),
                        kind: self.pick(&[
                            StrikeKind::AbusiveReview,
                            StrikeKind::FakeOrder,
                            StrikeKind::PolicyStrike,
                        ]),
                    })
                    .collect();
                strikes.sort_by_key(|s| s.on);
                detail = strikes[0].kind.text(Lang::Zh).to_owned();
                Reason::RuleViolation { strikes }
            }
            ReasonCode::SuspectedCashOut => {
                let on = d.decided_on - Duration::days(self.rng.gen_range(1..=10));
                let cards = self.rng.gen_range(2..=10i64);
                let each = self.pick(&[200i64, 500, 1000]);
                let item = format!("电商礼品卡 ×{cards}");
                let merchant = self.pick(CARD_MERCHANTS).to_owned();
                let order = self.order(item.clone(), on, cards * each * 100, 2, |g, _, due| {
                    g.payment(due)
                })?;
                detail = item.clone();
                let purchase = FlaggedPurchase {
                    on,
                    merchant,
                    item,
                    amount: order.total,
                };
                d.orders.push(order);
                Reason::SuspectedCashOut {
                    purchases: vec![purchase],
                }
            }
        };
        Ok((reason, detail))
    }

    /// The appeal on `target`'s decision: submitted within the last 30 days
    /// (never before the decision), the steps spread between then and now.
    fn appeal(
        &mut self,
        target: &Target,
        steps: &[AppealAction],
        assigned_to: Option<Uuid>,
    ) -> ImportedAppeal {
        let earliest = (target.decided_at + Duration::hours(1))
            .max(self.now - Duration::days(APPEAL_SPREAD_DAYS));
        let latest = self.now - Duration::minutes(10);
        let span = (latest - earliest).num_seconds().max(1);
        let submitted_at = earliest + Duration::seconds(self.rng.gen_range(0..span));
        let left = (self.now - submitted_at).num_seconds().max(1);
        let parts = i64::try_from(steps.len()).unwrap_or(1).max(1);
        let slot = (left / parts).max(1);
        let timed = steps
            .iter()
            .enumerate()
            .map(|(k, action)| {
                let k = i64::try_from(k).unwrap_or(0);
                let offset = slot * k + self.rng.gen_range(1..=slot.max(2) - 1);
                (*action, submitted_at + Duration::seconds(offset.min(left)))
            })
            .collect();
        let ground = self.ground(target.code);
        let statement = self.statement(target, ground);
        ImportedAppeal {
            appeal: NewAppeal {
                id: self.id(submitted_at),
                decision_id: target.decision_id,
                account_id: target.account_id,
                ground,
                is_reappeal: false,
                statement,
                files: Vec::new(),
                submitted_at,
            },
            steps: timed,
            assigned_to: if steps.first() == Some(&AppealAction::Claim) {
                assigned_to
            } else {
                None
            },
        }
    }

    fn ground(&mut self, code: ReasonCode) -> Ground {
        let choices: &[Ground] = match code {
            ReasonCode::OverdueUnpaid => &[Ground::PaidNotRecorded, Ground::BankDelay],
            ReasonCode::OverdueHistory => &[Ground::BankDelay, Ground::Other],
            ReasonCode::IdentityUnverified => &[Ground::InformationNowComplete],
            ReasonCode::AccountSecurity | ReasonCode::FrequentBindingChanges => {
                &[Ground::ActivityWasMe]
            }
            ReasonCode::CreditReassessment => &[Ground::InformationNowComplete, Ground::Other],
            ReasonCode::RuleViolation => &[Ground::Other],
            ReasonCode::SuspectedCashOut => &[Ground::Other, Ground::ActivityWasMe],
        };
        self.pick(choices)
    }

    /// A plausible statement in the customer's words, 10 to 2,000 characters.
    fn statement(&mut self, target: &Target, ground: Ground) -> String {
        let detail = target.detail.as_str();
        let mut text = match (target.code, ground) {
            (ReasonCode::OverdueUnpaid, Ground::PaidNotRecorded) => format!(
                "我在还款日之前已经通过银行卡还清了{detail}，但系统没有记录这笔还款，导致额度被降低。附上银行流水截图，请核实后恢复额度。"
            ),
            (ReasonCode::OverdueUnpaid, _) => format!(
                "{detail}我设置了自动扣款，账户余额一直充足，是银行扣款延迟了几天才成功，并不是我故意拖欠。请考虑恢复我的额度。"
            ),
            (ReasonCode::OverdueHistory, _) => format!(
                "过去一年里{detail}那几次逾期，都是因为工资卡所在银行系统升级导致自动扣款失败，每次发现后我都在当天补还了。最近半年一直按时还款，希望重新评估。"
            ),
            (ReasonCode::IdentityUnverified, _) => format!(
                "我的身份证之前到期换发了新证，已于{detail}在应用内重新完成实名认证，请根据最新信息恢复我的额度。"
            ),
            (ReasonCode::AccountSecurity, _) => {
                let (day, city) = detail.split_once('|').unwrap_or((detail, "外地"));
                format!(
                    "{day} 前后的登录都是我本人操作的，当时在{city}出差，用的是新买的手机。账户没有被盗用，请解除冻结。"
                )
            }
            (ReasonCode::FrequentBindingChanges, _) => format!(
                "最近多次更换{detail}，是因为原来的卡丢失后补办，之后工资卡调整又换了一次，全部是本人操作，可以提供银行的换卡通知。"
            ),
            (ReasonCode::CreditReassessment, _) => format!(
                "我的信用等级从 {detail}，可能是因为当时收入信息没有更新。我最近换了工作，收入更高也更稳定，可以提供最近六个月的工资流水和在职证明，希望重新评估。"
            ),
            (ReasonCode::RuleViolation, _) => format!(
                "被认定为{detail}的那几笔订单都是真实交易，商品已经收到并正常使用，有物流记录和聊天记录可以证明，恳请复核。"
            ),
            (ReasonCode::SuspectedCashOut, _) => format!(
                "购买的{detail}是公司年底发给员工的福利，由我统一采购，并没有转卖套现。可以提供公司的采购说明和礼品卡的使用记录。"
            ),
        };
        // Some people write more.
        for _ in 0..self.rng.gen_range(0..=3) {
            text.push_str(self.pick(CLOSINGS));
        }
        if self.rng.gen_bool(0.05) {
            let base = text.clone();
            for _ in 0..self.rng.gen_range(1..=4) {
                text.push_str("补充说明：");
                text.push_str(&base);
            }
        }
        text.chars()
            .take(domain::appeal::STATEMENT_MAX_CHARS)
            .collect()
    }
}

/// Installments paid late before `decided_on` within the year before it: how
/// many, and the worst delay in days.
fn late_history(orders: &[Order], decided_on: NaiveDate) -> (u32, u32) {
    let since = decided_on - Duration::days(365);
    let late: Vec<u32> = orders
        .iter()
        .flat_map(|o| &o.installments)
        .filter(|i| i.due_on >= since && i.paid_late() && i.paid_on.is_some_and(|p| p < decided_on))
        .map(|i| i.days_late(decided_on))
        .collect();
    (
        u32::try_from(late.len()).unwrap_or(u32::MAX),
        late.into_iter().max().unwrap_or(0),
    )
}

fn money(fen: i64) -> Result<Money, StoreError> {
    Money::from_fen(fen).map_err(|e| StoreError::Corrupt(e.to_string()))
}
