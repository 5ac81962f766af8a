//! The demo world (README, "Two commands on a fresh machine"), dated relative
//! to the day it is seeded so the story never ages out of the appeal window.

use app::model::Role;
use app::ssr::store::{AccountEvent, Actor, CustomerRecord, EventKind, NewAccount};
use app::ssr::{Clock, Store, StoreError};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use domain::decision::NewDecision;
use domain::reason::{FlaggedPurchase, IdentityProblem, OverdueItem};
use domain::{Binding, DecisionKind, Installment, LimitDecision, LineStatus, Money, Order, Reason};
use uuid::Uuid;

use crate::staff_auth::random_totp_secret;

pub const CUSTOMERS: [&str; 4] = ["xiaozhang", "zhangsan", "lisi", "wangwu"];
pub const STAFF: [&str; 2] = ["agent", "supervisor"];

#[derive(Debug)]
pub enum Seeded {
    Created { staff_totp: Vec<(String, String)> },
    AlreadyPresent,
}

/// Creates the demo world unless it is already there. Every account gets
/// `password_hash`; staff get `totp_secret` or a fresh random one each.
pub async fn seed_demo(
    store: &dyn Store,
    clock: Clock,
    password_hash: &str,
    totp_secret: Option<&str>,
) -> Result<Seeded, StoreError> {
    if store.credentials("xiaozhang").await?.is_some() {
        return Ok(Seeded::AlreadyPresent);
    }
    let world = World::new(clock);
    let actor = Actor::system("seed-demo");
    for customer in world.customers(password_hash)? {
        store.import_customer(customer, &actor).await?;
    }
    let mut staff_totp = Vec::new();
    for (username, name, role) in [
        ("agent", "客服 小刘", Role::Agent),
        ("supervisor", "主管 老陈", Role::Supervisor),
    ] {
        let secret = totp_secret
            .map(str::to_owned)
            .unwrap_or_else(random_totp_secret);
        store
            .create_account(
                NewAccount {
                    totp_secret: Some(secret.clone()),
                    ..world.account(username, name, role, password_hash)
                },
                &actor,
            )
            .await?;
        staff_totp.push((username.to_owned(), secret));
    }
    Ok(Seeded::Created { staff_totp })
}

struct World {
    today: NaiveDate,
    now: DateTime<Utc>,
}

impl World {
    fn new(clock: Clock) -> World {
        World {
            today: clock.today(),
            now: clock.now(),
        }
    }

    fn day(&self, offset: i64) -> NaiveDate {
        self.today + Duration::days(offset)
    }

    /// 10:00 in Shanghai on the day `offset` days from today.
    fn at(&self, offset: i64) -> DateTime<Utc> {
        let local = self
            .day(offset)
            .and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default());
        Shanghai
            .from_local_datetime(&local)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(self.now)
    }

    fn account(&self, username: &str, name: &str, role: Role, password_hash: &str) -> NewAccount {
        NewAccount {
            id: Uuid::now_v7(),
            username: username.to_owned(),
            display_name: name.to_owned(),
            role,
            password_hash: password_hash.to_owned(),
            totp_secret: None,
            id_number_masked: None,
            phone_masked: None,
            identity_verified_until: None,
            created_at: self.now,
        }
    }

    fn customer(
        &self,
        username: &str,
        name: &str,
        id_masked: &str,
        phone_masked: &str,
        password_hash: &str,
    ) -> NewAccount {
        NewAccount {
            id_number_masked: Some(id_masked.to_owned()),
            phone_masked: Some(phone_masked.to_owned()),
            identity_verified_until: Some(self.day(3 * 365)),
            ..self.account(username, name, Role::Customer, password_hash)
        }
    }

    /// An order split evenly (the last installment takes the remainder) with
    /// the given (due offset, paid offset) per installment.
    fn order(
        &self,
        description: &str,
        placed: i64,
        total: Money,
        schedule: &[(i64, Option<i64>)],
    ) -> Result<Order, StoreError> {
        let id = Uuid::now_v7();
        let n = i64::try_from(schedule.len()).unwrap_or(1).max(1);
        let share = total.fen() / n;
        let mut installments = Vec::new();
        for (k, (due, paid)) in schedule.iter().enumerate() {
            let k = i64::try_from(k).unwrap_or(0);
            let fen = if k == n - 1 {
                total.fen() - share * (n - 1)
            } else {
                share
            };
            installments.push(Installment {
                id: Uuid::now_v7(),
                order_id: id,
                seq: u32::try_from(k + 1).unwrap_or(1),
                due_on: self.day(*due),
                amount: money(fen)?,
                paid_on: paid.map(|p| self.day(p)),
            });
        }
        Ok(Order {
            id,
            description: description.to_owned(),
            placed_on: self.day(placed),
            total,
            installments,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn decision(
        &self,
        offset: i64,
        serial: u32,
        kind: DecisionKind,
        before: i64,
        after: i64,
        reasons: Vec<Reason>,
        notice: String,
    ) -> Result<LimitDecision, StoreError> {
        let on = self.day(offset);
        NewDecision {
            id: Uuid::now_v7(),
            external_id: format!("CS-{}-{serial:04}", on.format("%Y%m%d")),
            model_version: "risk-engine 2026.09.2".to_owned(),
            kind,
            limit_before: Money::yuan(before),
            limit_after: Money::yuan(after),
            reasons,
            notice,
            decided_at: self.at(offset),
            decided_on: on,
        }
        .validate()
        .map_err(|e| StoreError::Corrupt(e.to_string()))
    }

    fn event(&self, kind: EventKind, offset: i64, detail: &str) -> AccountEvent {
        AccountEvent {
            id: Uuid::now_v7(),
            kind,
            occurred_at: self.at(offset),
            detail: detail.to_owned(),
        }
    }

    fn customers(&self, password_hash: &str) -> Result<Vec<CustomerRecord>, StoreError> {
        Ok(vec![
            self.xiaozhang(password_hash)?,
            self.zhangsan(password_hash)?,
            self.lisi(password_hash)?,
            self.wangwu(password_hash)?,
        ])
    }

    /// ¥8,000 → ¥2,000 38 days ago for a ¥600 installment 12 days late, paid the next day.
    fn xiaozhang(&self, password_hash: &str) -> Result<CustomerRecord, StoreError> {
        let earphones = self.order(
            "蓝牙耳机",
            -80,
            Money::yuan(1800),
            &[(-50, Some(-37)), (-20, Some(-22)), (10, None)],
        )?;
        let shoes = self.order(
            "跑步鞋",
            -200,
            Money::yuan(500),
            &[(-170, Some(-171)), (-140, Some(-141))],
        )?;
        let late = &earphones.installments[0];
        let overdue = OverdueItem {
            order_id: earphones.id,
            installment_id: late.id,
            order: earphones.description.clone(),
            seq: late.seq,
            amount: late.amount,
            due_on: late.due_on,
            days_late: late.days_late(self.day(-38)),
        };
        let notice = format!(
            "【先用后付】尊敬的用户，您的订单“蓝牙耳机”第1期 {} 已逾期{}天未还款，您的先用后付额度已由 ¥8,000.00 调整为 ¥2,000.00。还清逾期款项后可申请恢复。",
            late.amount, overdue.days_late
        );
        let reduce = self.decision(
            -38,
            1,
            DecisionKind::Reduce,
            8000,
            2000,
            vec![Reason::OverdueUnpaid {
                items: vec![overdue],
            }],
            notice,
        )?;
        Ok(CustomerRecord {
            account: self.customer(
                "xiaozhang",
                "小张",
                "3301**********1234",
                "138****5678",
                password_hash,
            ),
            limit: Money::yuan(2000),
            status: LineStatus::Active,
            decisions: vec![reduce],
            orders: vec![earphones, shoes],
            events: Vec::new(),
        })
    }

    /// Frozen 10 days ago for buying ¥5,000 of gift cards (and asking how to "提现").
    fn zhangsan(&self, password_hash: &str) -> Result<CustomerRecord, StoreError> {
        let cards = self.order(
            "电商礼品卡 ×10",
            -12,
            Money::yuan(5000),
            &[(18, None), (48, None)],
        )?;
        let purchase = FlaggedPurchase {
            on: self.day(-12),
            merchant: "某礼品卡商城".to_owned(),
            item: "电商礼品卡 ×10".to_owned(),
            amount: Money::yuan(5000),
        };
        let notice = "【先用后付】尊敬的用户，系统检测到您的账户存在疑似套现的交易，您的先用后付额度 ¥6,000.00 已被冻结。如有异议，可提交真实购物证明申诉。".to_owned();
        let freeze = self.decision(
            -10,
            2,
            DecisionKind::Freeze,
            6000,
            6000,
            vec![Reason::SuspectedCashOut {
                purchases: vec![purchase],
            }],
            notice,
        )?;
        Ok(CustomerRecord {
            account: self.customer(
                "zhangsan",
                "张三",
                "1101**********5678",
                "139****1234",
                password_hash,
            ),
            limit: Money::yuan(6000),
            status: LineStatus::Frozen,
            decisions: vec![freeze],
            orders: vec![cards],
            events: Vec::new(),
        })
    }

    /// Healthy: ¥3,000, one ¥1,000 order on 3 installments, all on time.
    fn lisi(&self, password_hash: &str) -> Result<CustomerRecord, StoreError> {
        let cooker = self.order(
            "电饭煲",
            -75,
            Money::yuan(1000),
            &[(-45, Some(-46)), (-15, Some(-15)), (15, None)],
        )?;
        Ok(CustomerRecord {
            account: self.customer(
                "lisi",
                "李四",
                "4403**********9012",
                "137****9012",
                password_hash,
            ),
            limit: Money::yuan(3000),
            status: LineStatus::Active,
            decisions: Vec::new(),
            orders: vec![cooker],
            events: Vec::new(),
        })
    }

    /// Frozen for four bank-card changes in 30 days and missing real-name verification.
    fn wangwu(&self, password_hash: &str) -> Result<CustomerRecord, StoreError> {
        let keyboard = self.order(
            "机械键盘",
            -100,
            Money::yuan(600),
            &[(-70, Some(-71)), (-40, Some(-41)), (-10, Some(-11))],
        )?;
        let notice = "【先用后付】尊敬的用户，您的账户近30天内多次更换绑定银行卡，且实名信息不完整，您的先用后付额度 ¥4,000.00 已被冻结。完成实名认证并保持绑定信息稳定后可恢复。".to_owned();
        let freeze = self.decision(
            -14,
            3,
            DecisionKind::Freeze,
            4000,
            4000,
            vec![
                Reason::FrequentBindingChanges {
                    binding: Binding::BankCard,
                    changes: 4,
                    window_days: 30,
                    last_change_on: self.day(-16),
                },
                Reason::IdentityUnverified {
                    problem: IdentityProblem::Missing,
                },
            ],
            notice,
        )?;
        let events = [-40, -31, -24, -16]
            .into_iter()
            .map(|d| self.event(EventKind::BindingChanged, d, "银行卡 尾号变更"))
            .collect();
        Ok(CustomerRecord {
            account: NewAccount {
                identity_verified_until: None,
                ..self.customer(
                    "wangwu",
                    "王五",
                    "5101**********3456",
                    "136****3456",
                    password_hash,
                )
            },
            limit: Money::yuan(4000),
            status: LineStatus::Frozen,
            decisions: vec![freeze],
            orders: vec![keyboard],
            events,
        })
    }
}

fn money(fen: i64) -> Result<Money, StoreError> {
    Money::from_fen(fen).map_err(|e| StoreError::Corrupt(e.to_string()))
}
