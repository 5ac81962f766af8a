//! Compiles the interface-text catalogue (`locales/<tag>/*.ftl`, Fluent syntax)
//! into one Rust function per message, so that:
//! - a message missing from a language, defined twice, or using different
//!   variables in two languages fails the build, naming it;
//! - a call with a wrong key or a missing variable does not compile;
//! - the wasm links only the messages its islands call, not the whole table.
//!
//! The subset of Fluent compiled: text, string literals, variables, terms
//! without arguments, and selects on a variable, either by CLDR plural category
//! and exact number (`[one]`, `[0]`), or by string (`[agent]`). Anything else
//! fails the build rather than rendering wrongly.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

use fluent_syntax::ast;
use fluent_syntax::parser;
use fluent_syntax::unicode::unescape_unicode_to_string;

/// Every language of the catalogue: its folder under `locales/` and its
/// `domain::Lang` variant. A third language is a folder and a line here.
const LANGS: &[(&str, &str)] = &[("zh-CN", "Zh"), ("en", "En")];

/// The language the pseudo-locale is made from.
const PSEUDO_BASE: &str = "en";

const PLURAL_CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

fn main() {
    let root =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let locales = root.join("locales");
    println!("cargo:rerun-if-changed={}", locales.display());

    let mut catalogues = Vec::new();
    for (tag, variant) in LANGS {
        let dir = locales.join(tag);
        println!("cargo:rerun-if-changed={}", dir.display());
        catalogues.push((*variant, load(&dir)));
    }
    let code = match generate(&catalogues) {
        Ok(code) => code,
        Err(errors) => {
            for e in &errors {
                println!("cargo:warning={e}");
            }
            panic!(
                "the interface-text catalogue has {} error(s):\n{}",
                errors.len(),
                errors.join("\n")
            );
        }
    };
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalogue.rs");
    fs::write(&out, code).expect("write the generated catalogue");
}

/// One language's messages and terms, each with the file it came from.
struct Catalogue {
    messages: BTreeMap<String, (PathBuf, ast::Pattern<String>)>,
    terms: BTreeMap<String, ast::Pattern<String>>,
    errors: Vec<String>,
}

fn load(dir: &Path) -> Catalogue {
    let mut cat = Catalogue {
        messages: BTreeMap::new(),
        terms: BTreeMap::new(),
        errors: Vec::new(),
    };
    let mut files: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .collect(),
        Err(e) => {
            cat.errors.push(format!("{}: {e}", dir.display()));
            return cat;
        }
    };
    files.sort();
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
        let source = match fs::read_to_string(&file) {
            Ok(s) => s,
            Err(e) => {
                cat.errors.push(format!("{}: {e}", file.display()));
                continue;
            }
        };
        let resource = match parser::parse(source) {
            Ok(r) => r,
            Err((r, errs)) => {
                for e in errs {
                    cat.errors.push(format!(
                        "{}: syntax error {:?} at bytes {:?}",
                        file.display(),
                        e.kind,
                        e.pos
                    ));
                }
                r
            }
        };
        for entry in resource.body {
            match entry {
                ast::Entry::Message(m) => {
                    let id = m.id.name.clone();
                    if !m.attributes.is_empty() {
                        cat.errors.push(format!(
                            "{}: {id}: attributes are not supported",
                            file.display()
                        ));
                    }
                    let Some(value) = m.value else {
                        cat.errors
                            .push(format!("{}: {id} has no value", file.display()));
                        continue;
                    };
                    if let Some((first, _)) = cat.messages.get(&id) {
                        cat.errors.push(format!(
                            "{}: {id} is defined twice (also in {})",
                            file.display(),
                            first.display()
                        ));
                        continue;
                    }
                    cat.messages.insert(id, (file.clone(), value));
                }
                ast::Entry::Term(t) if cat.terms.contains_key(&t.id.name) => {
                    cat.errors.push(format!(
                        "{}: -{} is defined twice",
                        file.display(),
                        t.id.name
                    ));
                }
                ast::Entry::Term(t) => {
                    cat.terms.insert(t.id.name, t.value);
                }
                ast::Entry::Junk { content } => {
                    cat.errors.push(format!(
                        "{}: cannot parse: {}",
                        file.display(),
                        content.trim()
                    ));
                }
                _ => {}
            }
        }
    }
    cat
}

/// How a message uses a variable, which decides the parameter's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum VarUse {
    /// Shown as is: `impl Display`.
    Shown,
    /// Selected on by string key: `&str`.
    Keyed,
    /// Selected on by plural category or number: `impl Count`.
    Counted,
}

/// A message compiled to Rust: either one literal or code that fills `out`.
enum Body {
    Static(String),
    Built(String),
}

fn generate(catalogues: &[(&str, Catalogue)]) -> Result<String, Vec<String>> {
    let mut errors: Vec<String> = catalogues
        .iter()
        .flat_map(|(_, c)| c.errors.clone())
        .collect();
    let ids: BTreeSet<&String> = catalogues
        .iter()
        .flat_map(|(_, c)| c.messages.keys())
        .collect();

    let mut code = String::from(
        "// Generated by app/build.rs from app/locales: edit the .ftl files, not this.\n",
    );
    for id in ids {
        let mut vars: BTreeMap<String, VarUse> = BTreeMap::new();
        let mut var_sets: Vec<(&str, BTreeSet<String>)> = Vec::new();
        let mut bodies: Vec<(&str, Body)> = Vec::new();
        for (variant, cat) in catalogues {
            let Some((file, pattern)) = cat.messages.get(id) else {
                errors.push(format!("{id} is missing from the {variant} catalogue"));
                continue;
            };
            let mut used = BTreeMap::new();
            let mut out = String::new();
            let ctx = format!("{}: {id}", file.display());
            match compile_pattern(pattern, cat, &mut used, &mut out, &ctx) {
                Ok(()) => {}
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            }
            var_sets.push((variant, used.keys().cloned().collect()));
            for (name, usage) in used {
                let entry = vars.entry(name).or_insert(usage);
                *entry = (*entry).max(usage);
            }
            bodies.push((
                variant,
                match out.strip_prefix("S:") {
                    Some(text) => Body::Static(text.to_owned()),
                    None => Body::Built(out),
                },
            ));
        }
        if let Some((first_lang, first)) = var_sets.first() {
            for (lang, set) in &var_sets[1..] {
                if set != first {
                    errors.push(format!(
                        "{id} uses variables {first:?} in {first_lang} but {set:?} in {lang}"
                    ));
                }
            }
        }
        if bodies.len() != catalogues.len() {
            continue;
        }
        let name = id.replace('-', "_");
        let english = catalogues
            .iter()
            .zip(&bodies)
            .find(|((v, _), _)| *v == "En")
            .map(|(_, (_, b))| match b {
                Body::Static(s) => s.clone(),
                Body::Built(_) => String::new(),
            })
            .unwrap_or_default();
        if !english.is_empty() {
            let _ = writeln!(code, "/// {}", english.replace('\n', " "));
        }
        if vars.is_empty() {
            let _ = writeln!(
                code,
                "pub fn {name}(lang: Lang) -> &'static str {{\n    match lang {{"
            );
            for (variant, body) in &bodies {
                let Body::Static(text) = body else {
                    unreachable!("no variables means static")
                };
                let _ = writeln!(code, "        Lang::{variant} => {text:?},");
            }
            pseudo_static(&mut code, &bodies);
            let _ = writeln!(code, "    }}\n}}");
        } else {
            // One variable is an argument; several are the fields of a struct,
            // so two of them can never be swapped at a call site.
            let ty = |usage: &VarUse, lifetime: &str| match usage {
                VarUse::Shown if lifetime.is_empty() => "impl std::fmt::Display".to_owned(),
                VarUse::Shown => format!("&{lifetime} dyn std::fmt::Display"),
                VarUse::Keyed => format!("&{lifetime} str"),
                VarUse::Counted if lifetime.is_empty() => "impl Count".to_owned(),
                VarUse::Counted => "u64".to_owned(),
            };
            let (params, unpack) = if vars.len() == 1 {
                let (v, usage) = vars.iter().next().expect("one variable");
                (
                    format!("{}: {}", var_ident(v), ty(usage, "")),
                    String::new(),
                )
            } else {
                let ty_name = camel(id);
                let borrows = vars.values().any(|u| *u != VarUse::Counted);
                let (decl, used) = if borrows { ("<'a>", "<'_>") } else { ("", "") };
                let _ = writeln!(
                    code,
                    "/// The variables of [`{name}`].\npub struct {ty_name}{decl} {{"
                );
                for (v, usage) in &vars {
                    let _ = writeln!(
                        code,
                        "    pub {}: {},",
                        v.replace('-', "_"),
                        ty(usage, "'a")
                    );
                }
                let _ = writeln!(code, "}}");
                let fields: Vec<String> = vars
                    .keys()
                    .map(|v| format!("{}: {}", v.replace('-', "_"), var_ident(v)))
                    .collect();
                (
                    format!("args: {ty_name}{used}"),
                    format!("    let {ty_name} {{ {} }} = args;\n", fields.join(", ")),
                )
            };
            let _ = writeln!(
                code,
                "#[allow(unused_variables)]\npub fn {name}(lang: Lang, {params}) -> String {{\n{unpack}    let mut out = String::new();\n    match lang {{"
            );
            for (variant, body) in &bodies {
                match body {
                    Body::Static(text) => {
                        let push = push_code(text);
                        let _ = writeln!(code, "        Lang::{variant} => {{ {push}}}");
                    }
                    Body::Built(stmts) => {
                        let _ = writeln!(code, "        Lang::{variant} => {{ {stmts} }}");
                    }
                }
            }
            pseudo_built(&mut code, &bodies);
            let _ = writeln!(code, "    }}\n    out\n}}");
        }
    }
    if errors.is_empty() {
        Ok(code)
    } else {
        Err(errors)
    }
}

/// The pseudo-locale arm: the base language's text between ⟦ and ⟧, so a test
/// can tell catalogue text from text that bypassed the catalogue.
fn pseudo_static(code: &mut String, bodies: &[(&str, Body)]) {
    if let Some((_, Body::Static(text))) = bodies.iter().find(|(v, _)| *v == base_variant()) {
        let wrapped = format!("⟦{text}⟧");
        let _ = writeln!(
            code,
            "        #[cfg(feature = \"pseudo-locale\")]\n        Lang::Pseudo => {wrapped:?},"
        );
    }
}

fn pseudo_built(code: &mut String, bodies: &[(&str, Body)]) {
    let Some((_, body)) = bodies.iter().find(|(v, _)| *v == base_variant()) else {
        return;
    };
    let inner = match body {
        Body::Static(text) => push_code(text),
        Body::Built(stmts) => stmts.clone(),
    };
    let _ = writeln!(
        code,
        "        #[cfg(feature = \"pseudo-locale\")]\n        Lang::Pseudo => {{ out.push('⟦'); {inner} out.push('⟧'); }}"
    );
}

fn base_variant() -> &'static str {
    LANGS
        .iter()
        .find(|(tag, _)| *tag == PSEUDO_BASE)
        .map(|(_, v)| *v)
        .unwrap_or("En")
}

fn camel(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn var_ident(name: &str) -> String {
    format!("v_{}", name.replace('-', "_"))
}

/// Compiles a pattern. Writes `S:<text>` when it is constant, else statements
/// that push onto `out`.
fn compile_pattern(
    pattern: &ast::Pattern<String>,
    cat: &Catalogue,
    vars: &mut BTreeMap<String, VarUse>,
    out: &mut String,
    ctx: &str,
) -> Result<(), String> {
    let mut pieces: Vec<Piece> = Vec::new();
    flatten(pattern, cat, vars, &mut pieces, ctx, 0)?;
    if pieces.iter().all(|p| matches!(p, Piece::Text(_))) {
        out.push_str("S:");
        for p in &pieces {
            if let Piece::Text(t) = p {
                out.push_str(t);
            }
        }
        return Ok(());
    }
    for p in pieces {
        match p {
            Piece::Text(t) => {
                out.push_str(&push_code(&t));
            }
            Piece::Code(c) => out.push_str(&c),
        }
    }
    Ok(())
}

enum Piece {
    Text(String),
    Code(String),
}

fn flatten(
    pattern: &ast::Pattern<String>,
    cat: &Catalogue,
    vars: &mut BTreeMap<String, VarUse>,
    pieces: &mut Vec<Piece>,
    ctx: &str,
    depth: usize,
) -> Result<(), String> {
    if depth > 8 {
        return Err(format!("{ctx}: terms nest too deep"));
    }
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => push_text(pieces, value),
            ast::PatternElement::Placeable { expression } => match expression {
                ast::Expression::Inline(inline) => {
                    inline_piece(inline, cat, vars, pieces, ctx, depth)?
                }
                ast::Expression::Select { selector, variants } => {
                    let ast::InlineExpression::VariableReference { id } = selector else {
                        return Err(format!("{ctx}: a select must be on a variable"));
                    };
                    let counted = variants.iter().all(|v| match &v.key {
                        ast::VariantKey::NumberLiteral { .. } => true,
                        ast::VariantKey::Identifier { name } => {
                            PLURAL_CATEGORIES.contains(&name.as_str())
                        }
                    });
                    let usage = if counted {
                        VarUse::Counted
                    } else {
                        VarUse::Keyed
                    };
                    let entry = vars.entry(id.name.clone()).or_insert(usage);
                    *entry = (*entry).max(usage);
                    let var = var_ident(&id.name);
                    let mut code = String::new();
                    if counted {
                        let _ = write!(
                            code,
                            "{{ let n = {var}.count(); let cat = plural(lang, n); "
                        );
                    }
                    let mut default = None;
                    let mut first = true;
                    for v in variants {
                        let mut arm = Vec::new();
                        flatten(&v.value, cat, vars, &mut arm, ctx, depth + 1)?;
                        let arm_code = pieces_code(arm);
                        if v.default {
                            // The default is the final `else`, not a branch of its own.
                            default = Some(arm_code);
                            continue;
                        }
                        let cond = match &v.key {
                            ast::VariantKey::NumberLiteral { value } => {
                                let n: u64 = value.parse().map_err(|_| {
                                    format!("{ctx}: [{value}]: only whole, non-negative numbers are supported")
                                })?;
                                format!("n == {n}")
                            }
                            ast::VariantKey::Identifier { name } if counted => {
                                format!("cat == PluralCategory::{}", name.to_uppercase())
                            }
                            ast::VariantKey::Identifier { name } => format!("{var} == {name:?}"),
                        };
                        let _ = write!(
                            code,
                            "{}if {cond} {{ {arm_code} }} ",
                            if first { "" } else { "else " }
                        );
                        first = false;
                    }
                    let Some(default) = default else {
                        return Err(format!("{ctx}: a select needs a default variant (*[…])"));
                    };
                    if first {
                        let _ = write!(code, "{{ {default} }} ");
                    } else {
                        let _ = write!(code, "else {{ {default} }} ");
                    }
                    if counted {
                        code.push_str("} ");
                    }
                    pieces.push(Piece::Code(code));
                }
            },
        }
    }
    Ok(())
}

fn inline_piece(
    inline: &ast::InlineExpression<String>,
    cat: &Catalogue,
    vars: &mut BTreeMap<String, VarUse>,
    pieces: &mut Vec<Piece>,
    ctx: &str,
    depth: usize,
) -> Result<(), String> {
    match inline {
        ast::InlineExpression::StringLiteral { value } => {
            push_text(pieces, &unescape_unicode_to_string(value));
        }
        ast::InlineExpression::NumberLiteral { value } => push_text(pieces, value),
        ast::InlineExpression::VariableReference { id } => {
            vars.entry(id.name.clone()).or_insert(VarUse::Shown);
            pieces.push(Piece::Code(format!(
                "{{ use std::fmt::Write as _; let _ = write!(out, \"{{}}\", {}); }} ",
                var_ident(&id.name)
            )));
        }
        ast::InlineExpression::TermReference {
            id,
            attribute: None,
            arguments: None,
        } => {
            let Some(term) = cat.terms.get(&id.name) else {
                return Err(format!("{ctx}: no term -{}", id.name));
            };
            flatten(term, cat, vars, pieces, ctx, depth + 1)?;
        }
        ast::InlineExpression::Placeable { expression } => match expression.as_ref() {
            ast::Expression::Inline(inner) => inline_piece(inner, cat, vars, pieces, ctx, depth)?,
            ast::Expression::Select { .. } => {
                return Err(format!("{ctx}: nested selects are not supported"))
            }
        },
        other => {
            return Err(format!(
                "{ctx}: {other:?} is not supported in this catalogue"
            ))
        }
    }
    Ok(())
}

fn push_text(pieces: &mut Vec<Piece>, text: &str) {
    if let Some(Piece::Text(last)) = pieces.last_mut() {
        last.push_str(text);
    } else {
        pieces.push(Piece::Text(text.to_owned()));
    }
}

fn pieces_code(pieces: Vec<Piece>) -> String {
    let mut code = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => {
                code.push_str(&push_code(&t));
            }
            Piece::Code(c) => code.push_str(&c),
        }
    }
    code
}

/// The statement that appends `text` to `out`.
fn push_code(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => format!("out.push({c:?}); "),
        _ => format!("out.push_str({text:?}); "),
    }
}
