//! The four customers of PRODUCT.md's demo world, as the credit system's
//! backfill sends them on the day LimitDesk is switched on. None has an
//! appeal yet: the README's walk-through files 小张's.

use serde_json::json;

use super::world::World;
use crate::api::batch::Operation;

/// (credit system id, username) of the customers who also sign in by password.
pub const SIGN_IN: [(&str, &str); 4] = [
    ("CUS-0001", "xiaozhang"),
    ("CUS-0002", "zhangsan"),
    ("CUS-0003", "lisi"),
    ("CUS-0004", "wangwu"),
];

/// Everything the credit system knows of the four, in the order a write's
/// references need (customer, line, orders, repayments, events, decisions).
pub fn backfill(w: &World) -> Vec<Operation> {
    let mut ops = Vec::new();
    ops.extend(xiaozhang(w));
    ops.extend(zhangsan(w));
    ops.extend(lisi(w));
    ops.extend(wangwu(w));
    ops
}

/// ¥8,000 → ¥2,000 38 days ago for a ¥600 installment 12 days late, paid the next day.
fn xiaozhang(w: &World) -> Vec<Operation> {
    let id = "CUS-0001";
    let earphones = w.order(
        "ORD-0001-1",
        id,
        "蓝牙耳机",
        -80,
        1800,
        &[(-50, Some(-37)), (-20, Some(-22)), (10, None)],
    );
    let shoes = w.order(
        "ORD-0001-2",
        id,
        "跑步鞋",
        -200,
        500,
        &[(-170, Some(-171)), (-140, Some(-141))],
    );
    let late = w.overdue(&earphones, 1, -38);
    let notice = format!(
        "【先用后付】尊敬的用户，您的订单“蓝牙耳机”第1期 {} 已逾期{}天未还款，您的先用后付额度已由 ¥8,000.00 调整为 ¥2,000.00。还清逾期款项后可申请恢复。",
        earphones.installments[0].1, late["days_late"]
    );
    let mut ops = vec![
        w.customer(id, "小张", "3301**********1234", "138****5678", true),
        w.line(id, 1, 2000, earphones.outstanding(0), false),
        w.order_op(&earphones),
        w.order_op(&shoes),
    ];
    ops.extend(w.repayments(&earphones, 0));
    ops.extend(w.repayments(&shoes, 0));
    ops.push(w.decision(
        id,
        -38,
        1,
        "reduce",
        8000,
        2000,
        json!([{ "code": "OVERDUE_UNPAID", "items": [late] }]),
        &notice,
    ));
    ops
}

/// Frozen 10 days ago for buying ¥5,000 of gift cards (and asking how to "提现").
fn zhangsan(w: &World) -> Vec<Operation> {
    let id = "CUS-0002";
    let cards = w.order(
        "ORD-0002-1",
        id,
        "电商礼品卡 ×10",
        -12,
        5000,
        &[(18, None), (48, None)],
    );
    vec![
        w.customer(id, "张三", "1101**********5678", "139****1234", true),
        w.line(id, 1, 6000, cards.outstanding(0), true),
        w.order_op(&cards),
        w.decision(
            id,
            -10,
            2,
            "freeze",
            6000,
            6000,
            json!([{ "code": "SUSPECTED_CASH_OUT", "purchases": [{
                "on": w.day(-12), "merchant": "某礼品卡商城", "item": "电商礼品卡 ×10", "amount": "5000.00",
            }]}]),
            "【先用后付】尊敬的用户，系统检测到您的账户存在疑似套现的交易，您的先用后付额度 ¥6,000.00 已被冻结。如有异议，可提交真实购物证明申诉。",
        ),
    ]
}

/// Healthy: ¥3,000, one ¥1,000 order on 3 installments, all on time.
fn lisi(w: &World) -> Vec<Operation> {
    let id = "CUS-0003";
    let cooker = w.order(
        "ORD-0003-1",
        id,
        "电饭煲",
        -75,
        1000,
        &[(-45, Some(-46)), (-15, Some(-15)), (15, None)],
    );
    let mut ops = vec![
        w.customer(id, "李四", "4403**********9012", "137****9012", true),
        w.line(id, 1, 3000, cooker.outstanding(0), false),
        w.order_op(&cooker),
    ];
    ops.extend(w.repayments(&cooker, 0));
    ops
}

/// Frozen for four bank-card changes in 30 days and missing real-name verification.
fn wangwu(w: &World) -> Vec<Operation> {
    let id = "CUS-0004";
    let keyboard = w.order(
        "ORD-0004-1",
        id,
        "机械键盘",
        -100,
        600,
        &[(-70, Some(-71)), (-40, Some(-41)), (-10, Some(-11))],
    );
    let mut ops = vec![
        w.customer(id, "王五", "5101**********3456", "136****3456", false),
        w.line(id, 1, 4000, keyboard.outstanding(0), true),
        w.order_op(&keyboard),
    ];
    ops.extend(w.repayments(&keyboard, 0));
    for (n, day) in [-40, -31, -24, -16].into_iter().enumerate() {
        ops.push(w.event(
            &format!("EVT-0004-{}", n + 1),
            id,
            "bank_card_changed",
            day,
            "银行卡 尾号变更",
        ));
    }
    ops.push(w.decision(
        id,
        -14,
        3,
        "freeze",
        4000,
        4000,
        json!([
            { "code": "FREQUENT_BINDING_CHANGES", "binding": "bank_card", "changes": 4,
              "window_days": 30, "last_change_on": w.day(-16) },
            { "code": "IDENTITY_UNVERIFIED", "problem": { "kind": "missing" } },
        ]),
        "【先用后付】尊敬的用户，您的账户近30天内多次更换绑定银行卡，且实名信息不完整，您的先用后付额度 ¥4,000.00 已被冻结。完成实名认证并保持绑定信息稳定后可恢复。",
    ));
    ops
}
