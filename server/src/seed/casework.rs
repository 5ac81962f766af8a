//! Seven more customers, each arriving from the credit system when its
//! decision was made, whose appeals then went through the support desk as
//! the pages would take them: so the console a newcomer opens shows a queue
//! in several states, and the feed holds what support decided.
//! They have no password: like any customer the API creates, they come in
//! through portal links.

use app::ssr::store::{Account, Actor, NewAppeal};
use app::ssr::{Store, StoreError};
use chrono::{DateTime, Utc};
use domain::appeal::{eligibility, AppealAction, Ground, Statement};
use domain::casework::{plan_decision, Plan};
use domain::resolution::{RejectReason, Verdict};
use domain::Money;
use serde_json::json;
use uuid::Uuid;

use super::send;
use super::world::{decision_id, World};

/// The support desk of the demo world: its agent and the customers' actions
/// (the supervisor's is the approval still waiting).
pub struct Desk<'a> {
    pub store: &'a dyn Store,
    pub world: &'a World,
    pub agent: Account,
    pub system: Actor,
}

/// An appeal on file, and whose.
struct Filed {
    appeal: Uuid,
    customer: Uuid,
}

impl Desk<'_> {
    pub async fn play(&self) -> Result<(), StoreError> {
        // Oldest story first, so the feed's events are in time order too.
        self.restored().await?;
        self.rejected().await?;
        self.resolved_by_reassessment().await?;
        self.pending_approval().await?;
        self.awaiting_customer().await?;
        self.in_review().await?;
        self.waiting_in_queue().await
    }

    /// The customer files an appeal on the decision `decision` (the credit
    /// system's id), if `domain` lets them on that day.
    async fn appeal(
        &self,
        customer: &str,
        decision: &str,
        ground: Ground,
        statement: &str,
        at: DateTime<Utc>,
    ) -> Result<Filed, StoreError> {
        let store = self.store;
        let corrupt = |what: String| StoreError::Corrupt(format!("demo world: {what}"));
        let account = store
            .customer_by_external_id(customer)
            .await?
            .ok_or_else(|| corrupt(format!("no customer {customer}")))?;
        let decision_id = store
            .decision_by_external_id(account, decision)
            .await?
            .ok_or_else(|| corrupt(format!("no decision {decision}")))?;
        let decisions = store.decisions(account).await?;
        let appealed = decisions
            .iter()
            .find(|d| d.id == decision_id)
            .ok_or_else(|| corrupt(format!("no decision {decision}")))?;
        let in_force =
            domain::decision::current_adverse(&decisions).is_some_and(|d| d.id == decision_id);
        let prior = store.prior_appeals(decision_id).await?;
        eligibility(appealed, in_force, &prior, app::ssr::clock::local_date(at))
            .map_err(|r| corrupt(format!("{decision} cannot be appealed: {r:?}")))?;
        let statement = Statement::parse(statement).map_err(|e| corrupt(format!("{e:?}")))?;
        let actor = store
            .account(account)
            .await?
            .ok_or_else(|| corrupt(format!("no account for {customer}")))?
            .actor();
        let appeal = Uuid::now_v7();
        store
            .create_appeal(
                NewAppeal {
                    id: appeal,
                    decision_id,
                    account_id: account,
                    ground,
                    is_reappeal: false,
                    statement: statement.as_str().to_owned(),
                    files: Vec::new(),
                    submitted_at: at,
                },
                &actor,
            )
            .await?;
        Ok(Filed {
            appeal,
            customer: account,
        })
    }

    async fn version(&self, filed: &Filed) -> Result<i64, StoreError> {
        Ok(self.case(filed).await?.appeal.summary.version)
    }

    async fn case(&self, filed: &Filed) -> Result<app::ssr::store::CaseRecord, StoreError> {
        self.store
            .case(filed.appeal)
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn claim(&self, filed: &Filed, at: DateTime<Utc>) -> Result<(), StoreError> {
        let version = self.version(filed).await?;
        self.store
            .assign_appeal(
                filed.appeal,
                version,
                self.agent.id,
                &self.agent.actor(),
                at,
            )
            .await?;
        Ok(())
    }

    async fn note(&self, filed: &Filed, body: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        let note = crate::review::message(&self.agent, body, true, at);
        self.store
            .add_note(filed.appeal, note, &self.agent.actor())
            .await
    }

    async fn ask(&self, filed: &Filed, body: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        let version = self.version(filed).await?;
        let message = crate::review::message(&self.agent, body, false, at);
        self.store
            .advance_appeal(
                filed.appeal,
                version,
                AppealAction::AskForInformation,
                Some(message),
                &self.agent.actor(),
                at,
            )
            .await?;
        Ok(())
    }

    /// The agent's verdict, decided or put before a supervisor as
    /// `domain::casework` plans it; `expected` is the plan the story needs.
    async fn verdict(
        &self,
        filed: &Filed,
        verdict: Verdict,
        note: &str,
        expected: Plan,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let store = self.store;
        let case = self.case(filed).await?;
        let decision = store
            .decision(filed.customer, case.appeal.summary.decision_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let line = store
            .credit_line(filed.customer, app::ssr::clock::local_date(at))
            .await?
            .ok_or(StoreError::NotFound)?;
        let plan = plan_decision(
            self.agent.case_actor(),
            &case.state(),
            &decision,
            line.limit,
            line.status,
            verdict,
        )
        .map_err(|r| StoreError::Corrupt(format!("demo world: verdict refused: {r:?}")))?;
        if plan != expected {
            return Err(StoreError::Corrupt(format!(
                "demo world: the verdict was planned as {plan:?}, the story needs {expected:?}"
            )));
        }
        let version = case.appeal.summary.version;
        let who = self.agent.actor();
        if plan == Plan::ProposeForApproval {
            let note = crate::review::message(&self.agent, note, true, at);
            store
                .propose_verdict(filed.appeal, version, verdict, Some(note), &who, at)
                .await?;
        } else {
            let note = crate::review::message(&self.agent, note, false, at);
            store
                .decide_appeal(filed.appeal, version, verdict, Some(note), &who, at)
                .await?;
        }
        Ok(())
    }

    /// 陈静: ¥5,000 → ¥1,500 for an installment 8 days late; her salary card's
    /// debit failed. She paid three days ago and appealed yesterday: nobody
    /// has claimed it yet.
    async fn waiting_in_queue(&self) -> Result<(), StoreError> {
        let w = self.world;
        let id = "CUS-0005";
        let purifier = w.order(
            "ORD-0005-1",
            id,
            "空气净化器",
            -44,
            1200,
            &[(-14, Some(-3)), (16, None), (46, None)],
        );
        let late = w.overdue(&purifier, 1, -6);
        send(
            self.store,
            &self.system,
            w.at_hour(-6, 11),
            vec![
                w.customer(id, "陈静", "3205**********2281", "135****2281", true),
                w.line(id, 1, 1500, purifier.outstanding(-6), false),
                w.order_op(&purifier),
                w.decision(
                    id,
                    -6,
                    5,
                    "reduce",
                    5000,
                    1500,
                    json!([{ "code": "OVERDUE_UNPAID", "items": [late] }]),
                    "【先用后付】尊敬的用户，您的订单“空气净化器”第1期 ¥400.00 已逾期8天未还款，您的先用后付额度已由 ¥5,000.00 调整为 ¥1,500.00。还清逾期款项后可申请恢复。",
                ),
            ],
        )
        .await?;
        send(
            self.store,
            &self.system,
            w.at_hour(-3, 20),
            w.repayments(&purifier, -3)
                .into_iter()
                .chain([w.line(id, 2, 1500, purifier.outstanding(-3), false)])
                .collect(),
        )
        .await?;
        self.appeal(
            id,
            &decision_id(w.day(-6), 5),
            Ground::BankDelay,
            "工资卡自动扣款那天银行系统升级，扣款失败了我没有收到提醒。发现后已经在3天前还清，之前从来没有逾期过，希望恢复额度。",
            w.at_hour(-1, 21),
        )
        .await?;
        Ok(())
    }

    /// 刘洋: frozen after a sign-in from Ürümqi on a new phone; he was on a
    /// business trip. The agent has claimed it and is checking.
    async fn in_review(&self) -> Result<(), StoreError> {
        let w = self.world;
        let id = "CUS-0006";
        let laptop = w.order(
            "ORD-0006-1",
            id,
            "笔记本电脑",
            -60,
            4800,
            &[(-30, Some(-31)), (0, None), (30, None)],
        );
        let mut ops = vec![
            w.customer(id, "刘洋", "4401**********6617", "186****6617", true),
            w.line(id, 1, 7000, laptop.outstanding(-7), true),
            w.order_op(&laptop),
        ];
        ops.extend(w.repayments(&laptop, -7));
        ops.push(w.event("EVT-0006-1", id, "new_device_sign_in", -8, "HUAWEI Mate 60"));
        ops.push(w.event("EVT-0006-2", id, "unusual_location_sign_in", -8, "乌鲁木齐"));
        ops.push(w.decision(
            id,
            -7,
            6,
            "freeze",
            7000,
            7000,
            json!([{ "code": "ACCOUNT_SECURITY", "events": [
                { "on": w.day(-8), "kind": "new_device", "detail": "HUAWEI Mate 60" },
                { "on": w.day(-8), "kind": "unusual_location", "detail": "乌鲁木齐" },
            ]}]),
            "【先用后付】尊敬的用户，您的账户近期在新设备和异地登录，为保障资金安全，您的先用后付额度 ¥7,000.00 已被冻结。如为本人操作，可提交申诉。",
        ));
        send(self.store, &self.system, w.at_hour(-7, 11), ops).await?;
        let filed = self
            .appeal(
                id,
                &decision_id(w.day(-7), 6),
                Ground::ActivityWasMe,
                "上周去乌鲁木齐出差，换了新手机登录，都是我本人操作。可以提供出差的机票和酒店订单。",
                w.at_hour(-6, 9),
            )
            .await?;
        self.claim(&filed, w.at_hour(-5, 10)).await?;
        self.note(
            &filed,
            "登录设备与出差行程一致，等机票截图后核对登录时间。",
            w.at_hour(-5, 11),
        )
        .await
    }

    /// 赵敏: lowered on re-assessment (high utilisation, income not verified);
    /// the agent asked for her pay slips and the clock waits for her.
    async fn awaiting_customer(&self) -> Result<(), StoreError> {
        let w = self.world;
        let id = "CUS-0007";
        let sofa = w.order(
            "ORD-0007-1",
            id,
            "布艺沙发",
            -40,
            2400,
            &[(-10, Some(-10)), (20, None), (50, None)],
        );
        let mut ops = vec![
            w.customer(id, "赵敏", "5001**********4420", "158****4420", true),
            w.line(id, 1, 2000, sofa.outstanding(-9), false),
            w.order_op(&sofa),
        ];
        ops.extend(w.repayments(&sofa, -9));
        ops.push(w.decision(
            id,
            -9,
            7,
            "reduce",
            4000,
            2000,
            json!([{ "code": "CREDIT_REASSESSMENT", "band_before": "B", "band_after": "C",
                     "factors": ["high_utilisation", "income_unverified"] }]),
            "【先用后付】尊敬的用户，根据综合评估，您的先用后付额度已由 ¥4,000.00 调整为 ¥2,000.00。按时还款并完善收入信息有助于额度恢复。",
        ));
        send(self.store, &self.system, w.at_hour(-9, 11), ops).await?;
        let filed = self
            .appeal(
                id,
                &decision_id(w.day(-9), 7),
                Ground::InformationNowComplete,
                "我已经换了新工作，收入比以前高，每期都按时还款。可以补充收入证明。",
                w.at_hour(-8, 20),
            )
            .await?;
        self.claim(&filed, w.at_hour(-7, 10)).await?;
        self.ask(
            &filed,
            "您好，请上传近三个月的工资流水或收入证明，我们收到后会尽快复核。",
            w.at_hour(-7, 10),
        )
        .await
    }

    /// 孙磊: frozen for suspected cash-out (three phones in a day); they were
    /// for his family, with delivery records. Lifting a cash-out freeze
    /// needs a supervisor: the agent's proposal waits for one.
    async fn pending_approval(&self) -> Result<(), StoreError> {
        let w = self.world;
        let id = "CUS-0008";
        let phones = w.order(
            "ORD-0008-1",
            id,
            "智能手机 ×3",
            -11,
            9000,
            &[(19, None), (49, None), (79, None)],
        );
        send(
            self.store,
            &self.system,
            w.at_hour(-9, 11),
            vec![
                w.customer(id, "孙磊", "3702**********1185", "177****1185", true),
                w.line(id, 1, 10000, phones.outstanding(-9), true),
                w.order_op(&phones),
                w.decision(
                    id,
                    -9,
                    8,
                    "freeze",
                    10000,
                    10000,
                    json!([{ "code": "SUSPECTED_CASH_OUT", "purchases": [{
                        "on": w.day(-11), "merchant": "某数码专营店", "item": "智能手机 ×3", "amount": "9000.00",
                    }]}]),
                    "【先用后付】尊敬的用户，系统检测到您的账户存在疑似套现的交易，您的先用后付额度 ¥10,000.00 已被冻结。如有异议，可提交真实购物证明申诉。",
                ),
            ],
        )
        .await?;
        let filed = self
            .appeal(
                id,
                &decision_id(w.day(-9), 8),
                Ground::ActivityWasMe,
                "三部手机是给父母和妻子买的，都已经签收在用，可以提供收货记录和使用照片，没有转卖。",
                w.at_hour(-8, 12),
            )
            .await?;
        self.claim(&filed, w.at_hour(-6, 10)).await?;
        self.verdict(
            &filed,
            Verdict::Unfreeze,
            "收货地址为其父母住址，三台设备均已激活使用，非转卖。建议解冻。",
            Plan::ProposeForApproval,
            w.at_hour(-5, 15),
        )
        .await
    }

    /// 周婷: ¥6,000 → ¥2,000 for a late installment she had paid at the
    /// counter; the agent restored ¥6,000 (no second approval needed).
    async fn restored(&self) -> Result<(), StoreError> {
        let w = self.world;
        let id = "CUS-0009";
        let bike = w.order(
            "ORD-0009-1",
            id,
            "电动自行车",
            -55,
            1500,
            &[(-25, Some(-18)), (5, None), (35, None)],
        );
        let late = w.overdue(&bike, 1, -19);
        send(
            self.store,
            &self.system,
            w.at_hour(-19, 11),
            vec![
                w.customer(id, "周婷", "3301**********7702", "189****7702", true),
                w.line(id, 1, 2000, bike.outstanding(-19), false),
                w.order_op(&bike),
                w.decision(
                    id,
                    -19,
                    9,
                    "reduce",
                    6000,
                    2000,
                    json!([{ "code": "OVERDUE_UNPAID", "items": [late] }]),
                    "【先用后付】尊敬的用户，您的订单“电动自行车”第1期 ¥500.00 已逾期6天未还款，您的先用后付额度已由 ¥6,000.00 调整为 ¥2,000.00。还清逾期款项后可申请恢复。",
                ),
            ],
        )
        .await?;
        send(
            self.store,
            &self.system,
            w.at_hour(-18, 16),
            w.repayments(&bike, -18)
                .into_iter()
                .chain([w.line(id, 2, 2000, bike.outstanding(-18), false)])
                .collect(),
        )
        .await?;
        let filed = self
            .appeal(
                id,
                &decision_id(w.day(-19), 9),
                Ground::PaidNotRecorded,
                "逾期是因为绑定的银行卡过期了，换卡后第二天就还清了。之前一直按时还款，请帮忙恢复额度。",
                w.at_hour(-17, 19),
            )
            .await?;
        self.claim(&filed, w.at_hour(-15, 10)).await?;
        self.verdict(
            &filed,
            Verdict::Restore {
                to: Money::yuan(6000),
            },
            "您好，核实逾期因银行卡过期所致，且已还清、其余记录良好，额度已恢复为 ¥6,000.00。",
            Plan::DecideNow,
            w.at_hour(-15, 11),
        )
        .await
    }

    /// 吴刚: lowered for fake orders; his appeal did not explain them, and the
    /// agent rejected it saying why.
    async fn rejected(&self) -> Result<(), StoreError> {
        let w = self.world;
        let id = "CUS-0010";
        let tea = w.order(
            "ORD-0010-1",
            id,
            "茶叶礼盒",
            -50,
            900,
            &[(-20, Some(-21)), (10, None), (40, None)],
        );
        let mut ops = vec![
            w.customer(id, "吴刚", "6101**********0934", "131****0934", true),
            w.line(id, 1, 1000, tea.outstanding(-16), false),
            w.order_op(&tea),
        ];
        ops.extend(w.repayments(&tea, -16));
        ops.push(w.decision(
            id,
            -16,
            10,
            "reduce",
            3000,
            1000,
            json!([{ "code": "RULE_VIOLATION", "strikes": [
                { "on": w.day(-30), "kind": "fake_order" },
                { "on": w.day(-24), "kind": "fake_order" },
            ]}]),
            "【先用后付】尊敬的用户，您的账户存在违反平台规则的交易（虚假订单），您的先用后付额度已由 ¥3,000.00 调整为 ¥1,000.00。",
        ));
        send(self.store, &self.system, w.at_hour(-16, 11), ops).await?;
        let filed = self
            .appeal(
                id,
                &decision_id(w.day(-16), 10),
                Ground::Other,
                "我不知道什么虚假订单，我一直正常购物，额度降这么多不合理。",
                w.at_hour(-14, 9),
            )
            .await?;
        self.claim(&filed, w.at_hour(-13, 10)).await?;
        self.verdict(
            &filed,
            Verdict::Reject {
                reason: RejectReason::RecordIsCorrect,
            },
            "您好，经核实，两笔订单下单后均未发货即申请“确认收货”并领取返现，属于虚假订单，本次调整无误。三个月内保持正常交易后可再次申请评估。",
            Plan::DecideNow,
            w.at_hour(-12, 16),
        )
        .await
    }

    /// 郑丽: lowered for a history of late payments; while her appeal was in
    /// review, the engine re-assessed her and gave the whole limit back, so
    /// the appeal closed as resolved by re-assessment.
    async fn resolved_by_reassessment(&self) -> Result<(), StoreError> {
        let w = self.world;
        let id = "CUS-0011";
        let stroller = w.order(
            "ORD-0011-1",
            id,
            "婴儿推车",
            -90,
            1500,
            &[(-60, Some(-55)), (-30, Some(-24)), (0, Some(-2))],
        );
        let mut ops = vec![
            w.customer(id, "郑丽", "2102**********5526", "152****5526", true),
            w.line(id, 1, 1000, stroller.outstanding(-12), false),
            w.order_op(&stroller),
        ];
        ops.extend(w.repayments(&stroller, -12));
        ops.push(w.decision(
            id,
            -12,
            11,
            "reduce",
            5000,
            1000,
            json!([{ "code": "OVERDUE_HISTORY", "late_count": 2, "worst_days_late": 6 }]),
            "【先用后付】尊敬的用户，您近期有多次逾期还款记录，您的先用后付额度已由 ¥5,000.00 调整为 ¥1,000.00。保持按时还款后额度将逐步恢复。",
        ));
        send(self.store, &self.system, w.at_hour(-12, 11), ops).await?;
        let filed = self
            .appeal(
                id,
                &decision_id(w.day(-12), 11),
                Ground::Other,
                "两次晚还都只晚了几天，而且都还清了，这次提前还清了最后一期，希望重新评估。",
                w.at_hour(-11, 20),
            )
            .await?;
        self.claim(&filed, w.at_hour(-10, 10)).await?;
        // The credit system sends every repayment again; those already here
        // are answered `unchanged`.
        let mut ops = w.repayments(&stroller, -2);
        ops.push(w.line(id, 2, 5000, stroller.outstanding(-2), false));
        ops.push(w.decision(
            id,
            -2,
            12,
            "restore",
            1000,
            5000,
            json!([]),
            "【先用后付】尊敬的用户，经重新评估，您的先用后付额度已恢复为 ¥5,000.00。感谢您按时还款。",
        ));
        send(self.store, &self.system, w.at_hour(-2, 11), ops).await?;
        let status = self.case(&filed).await?.appeal.summary.status;
        if status != domain::appeal::AppealStatus::ResolvedByReassessment {
            return Err(StoreError::Corrupt(format!(
                "demo world: 郑丽's appeal is {status:?} after the engine's restoration"
            )));
        }
        Ok(())
    }
}
