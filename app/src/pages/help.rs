use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{use_lang, Lang, Msg};

/// One question with its answer, both languages side by side so neither can be missing.
struct Faq {
    id: &'static str,
    question: (&'static str, &'static str),
    answer: &'static [(&'static str, &'static str)],
}

const FAQS: &[Faq] = &[
    Faq {
        id: "why",
        question: ("我的额度为什么降低了？", "Why did my limit drop?"),
        answer: &[
            (
                "额度由风控系统根据你的还款、账户安全和信用情况自动调整。每次降低或冻结都附有最多 4 条主要原因和具体依据（例如哪一期、逾期几天），在“我的额度”和“额度记录”里都能看到。",
                "Your limit is set automatically by the risk system from your repayments, account security and credit. Every reduction or freeze comes with up to 4 main reasons and the facts behind them (for example which installment and how many days late); see them under My limit and Limit history.",
            ),
        ],
    },
    Faq {
        id: "restore",
        question: ("怎样恢复额度？", "How do I restore my limit?"),
        answer: &[
            (
                "每条原因下面都有“恢复清单”，列出需要做的事和已经完成的事：例如还清逾期款项、完成实名认证、保持绑定信息稳定。完成后可以申诉，或等待系统自动复评。",
                "Under each reason is a restoration checklist of what to do and what is already done: for example pay what is overdue, complete real-name verification, keep your linked phone and card unchanged. Once done, appeal or wait for the automatic review.",
            ),
        ],
    },
    Faq {
        id: "frozen",
        question: ("我的额度被冻结了，怎么办？", "My limit is frozen. What now?"),
        answer: &[
            (
                "冻结期间额度不能使用，但已有的分期照常按期还款，避免产生逾期。查看冻结原因和恢复清单；如果认为是误判（例如异常登录其实是你本人），可以申诉并提供证据。涉及疑似套现或账户安全的冻结由主管审核。",
                "While frozen, the limit cannot be used, but keep repaying existing installments on time so nothing goes overdue. Check the reasons and the checklist; if you think it is a mistake (for example the unusual sign-in was you), appeal with evidence. Freezes for suspected cash-out or account security are decided by a supervisor.",
            ),
        ],
    },
    Faq {
        id: "cash",
        question: ("可以把额度提现到银行卡吗？", "Can I withdraw my limit as cash?"),
        answer: &[
            (
                "不可以。先用后付额度只能用于购物，不能提现，也不能转到银行卡。",
                "No. A use-first-pay-later limit is for purchases only. It cannot be withdrawn or moved to a bank card.",
            ),
            (
                "任何声称能帮你“提现”“套现”或“把额度变成现金”的人、群或广告都是诈骗，或者在诱导你违规。套现违反用户协议，会导致额度被冻结。请不要向任何人提供验证码或密码。",
                "Anyone, any group or any advert offering to \u{201c}withdraw\u{201d}, \u{201c}cash out\u{201d} or \u{201c}turn your limit into money\u{201d} is a scam or is leading you into breaking the rules. Cash-out breaks the user agreement and gets a limit frozen. Never give anyone your verification codes or password.",
            ),
        ],
    },
    Faq {
        id: "time",
        question: ("申诉需要多长时间？", "How long does an appeal take?"),
        answer: &[
            (
                "申诉提交后立即确认受理，1 天内会有客服首次回复，15 个自然日内作出决定（我们的目标是 5 天）。客服请你补充材料时计时暂停，你回复后继续。每个调整通知可在 90 天内申诉。",
                "An appeal is acknowledged at once, gets a first reply from support within 1 day and a decision within 15 calendar days (our target is 5). The clock pauses while support waits for information from you and resumes when you reply. Each notice can be appealed within 90 days.",
            ),
        ],
    },
    Faq {
        id: "evidence",
        question: ("哪些证据有帮助？", "What evidence helps?"),
        answer: &[
            (
                "与原因直接相关的材料最有用：还款凭证或银行流水（说明已还款或银行扣款延迟）、真实购物的订单和收货记录、收入或工作证明。支持 PNG、JPEG、PDF 文件，每条消息最多 5 个，每个不超过 5 MB。",
                "Evidence that speaks to the reason helps most: payment receipts or bank statements (showing you paid, or that the bank was late), orders and delivery records of genuine purchases, proof of income or employment. PNG, JPEG and PDF files, up to 5 per message, 5 MB each.",
            ),
        ],
    },
];

fn pick(pair: (&'static str, &'static str), lang: Lang) -> &'static str {
    lang.pick(pair.0, pair.1)
}

#[component]
pub fn HelpPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} · {}", Msg::HelpTitle.t(lang), Msg::AppName.t(lang))/>
        <section class="card" aria-labelledby="help-title">
            <h1 id="help-title">{Msg::HelpTitle.t(lang)}</h1>
            <nav aria-label=Msg::OnThisPage.t(lang)>
                <ul class="toc">
                    {FAQS.iter().map(|f| view! { <li><a href=format!("#{}", f.id) target="_self">{pick(f.question, lang)}</a></li> }).collect_view()}
                </ul>
            </nav>
        </section>
        {FAQS
            .iter()
            .map(|f| {
                let heading = format!("{}-q", f.id);
                let labelled_by = heading.clone();
                view! {
                    <section class="card faq" id=f.id aria-labelledby=labelled_by class:faq-warning=f.id == "cash">
                        <h2 id=heading>{pick(f.question, lang)}</h2>
                        {f.answer.iter().map(|p| view! { <p>{pick(*p, lang)}</p> }).collect_view()}
                    </section>
                }
            })
            .collect_view()}
    }
}
