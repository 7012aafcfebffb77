//! Assertions over captured numbers, in CEL (the Common Expression Language, via the `cel`
//! crate): `pct <= 100.0`, `abs(pct - part / total * 100.0) <= 0.06`, `sum(parts) <= total`,
//! `totals.exists(t, t > part)`.
//!
//! Every captured number is a CEL double; lists are lists of doubles. CEL does not mix int and
//! double in arithmetic (`x * 100` with `x` a double is an error), so each expression is tried
//! once with sample values when the pack is compiled, and such a mistake is a pack error.

use cel::{Context, Program, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A compiled expression.
pub struct Expr {
    program: Program,
    source: String,
}

impl std::fmt::Debug for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Expr({:?})", self.source)
    }
}

/// Values for an evaluation: numbers, lists of numbers and texts, by name.
#[derive(Debug, Default, Clone)]
pub struct Vars {
    pub numbers: BTreeMap<String, f64>,
    pub lists: BTreeMap<String, Vec<f64>>,
    pub texts: BTreeMap<String, String>,
}

fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) => Some(*f),
        Value::Int(i) => Some(*i as f64),
        Value::UInt(u) => Some(*u as f64),
        _ => None,
    }
}

fn list_sum(list: Arc<Vec<Value>>) -> f64 {
    list.iter().filter_map(as_f64).sum()
}

/// A root context with our functions: abs, sum, min_of, max_of.
fn context() -> Context<'static, 'static> {
    let mut cx = Context::default();
    // Names that the CEL standard library does not declare.
    let _ = cx.add_function("abs", |x: f64| x.abs());
    let _ = cx.add_function("sum", list_sum);
    let _ = cx.add_function("min_of", |l: Arc<Vec<Value>>| {
        l.iter().filter_map(as_f64).fold(f64::INFINITY, f64::min)
    });
    let _ = cx.add_function("max_of", |l: Arc<Vec<Value>>| {
        l.iter()
            .filter_map(as_f64)
            .fold(f64::NEG_INFINITY, f64::max)
    });
    cx
}

/// The outcome of an evaluation.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Bool(bool),
    Number(f64),
    List(Vec<f64>),
}

impl Expr {
    /// Compiles `source` and checks it against sample values for the given names.
    pub fn compile(
        source: &str,
        numbers: &[&str],
        lists: &[&str],
        texts: &[&str],
    ) -> Result<Expr, String> {
        let depth = comprehension_depth(source);
        if depth > MAX_COMPREHENSION_DEPTH {
            return Err(format!(
                "列表宏（all、exists、map、filter）嵌套了 {depth} 层；最多 {MAX_COMPREHENSION_DEPTH} 层，因为每多一层，工作量就乘以列表的长度"
            ));
        }
        let program = Program::compile(source).map_err(|e| {
            let text = e.to_string();
            // cel's parse errors repeat the expression with a caret; keep the first line
            let first = text.lines().next().unwrap_or("");
            let first = first.trim_start_matches("ERROR: ");
            // "<input>:1:5: Syntax error: …": the position is the expression's, given in words
            format!("语法错误（{first}）")
        })?;
        let expr = Expr {
            program,
            source: source.to_string(),
        };
        let mut sample = Vars::default();
        for n in numbers {
            sample.numbers.insert(n.to_string(), 1.0);
        }
        for l in lists {
            sample.lists.insert(l.to_string(), vec![1.0, 2.0]);
        }
        for t in texts {
            sample.texts.insert(t.to_string(), "率".into());
        }
        expr.eval(&sample)?;
        Ok(expr)
    }

    pub fn eval(&self, vars: &Vars) -> Result<Outcome, String> {
        // Building a root context (the standard library's environment) costs more than most
        // evaluations: one per thread, and a cheap inner scope per evaluation.
        thread_local! {
            static ROOT: Context<'static, 'static> = context();
        }
        ROOT.with(|root| self.eval_in(root, vars))
    }

    fn eval_in(&self, root: &Context<'static, 'static>, vars: &Vars) -> Result<Outcome, String> {
        let mut cx = root.new_inner_scope();
        for (k, v) in &vars.numbers {
            cx.add_variable_from_value(k.as_str(), Value::Float(*v));
        }
        for (k, v) in &vars.lists {
            let list: Vec<Value> = v.iter().map(|x| Value::Float(*x)).collect();
            cx.add_variable_from_value(k.as_str(), Value::List(Arc::new(list)));
        }
        for (k, v) in &vars.texts {
            cx.add_variable_from_value(k.as_str(), Value::String(Arc::new(v.clone())));
        }
        match self.program.execute(&cx).map_err(|e| describe(&e))? {
            Value::Bool(b) => Ok(Outcome::Bool(b)),
            Value::List(l) => Ok(Outcome::List(l.iter().filter_map(as_f64).collect())),
            v => as_f64(&v)
                .map(Outcome::Number)
                .ok_or_else(|| format!("表达式的结果是{}，不是数或真假值", value_kind(&v))),
        }
    }
}

/// What kind of value a CEL value is, in the words of a pack author.
fn value_kind(v: &Value) -> &'static str {
    match v {
        Value::Int(_) | Value::UInt(_) => "整数",
        Value::Float(_) => "小数",
        Value::String(_) => "文字",
        Value::Bool(_) => "真假值",
        Value::List(_) => "列表",
        Value::Map(_) => "映射",
        Value::Null => "null",
        _ => "其他类型的值",
    }
}

/// A CEL evaluation error in Chinese, without the library's type names: it is read by whoever
/// wrote the pack's `assert`.
fn describe(e: &cel::ExecutionError) -> String {
    use cel::ExecutionError as E;
    match e {
        E::UndeclaredReference(name) => {
            format!("`{name}` 没有定义：不是这条规则可用的数、列表或函数")
        }
        E::UnsupportedBinaryOperator(op, a, b) => {
            let mixed = [a, b]
                .iter()
                .any(|v| matches!(v, Value::Int(_) | Value::UInt(_)))
                && [a, b].iter().any(|v| matches!(v, Value::Float(_)));
            if mixed {
                format!("“{op}”两边一个是整数、一个是小数：整数要写小数点（100.0，不是 100），CEL 不在算式中混用整数和小数")
            } else {
                format!("“{op}”不能用于{}和{}", value_kind(a), value_kind(b))
            }
        }
        E::ValuesNotComparable(a, b) => format!("{}和{}不能比较", value_kind(a), value_kind(b)),
        E::NoSuchOverload(_) => format!("函数或运算用在了不合适的值上（{e}）"),
        E::InvalidArgumentCount { expected, actual } => {
            format!("参数个数不对：应为 {expected} 个，写了 {actual} 个")
        }
        E::UnexpectedType { got, want } => format!("类型不对：应为 {want}，实际为 {got}"),
        E::DivisionByZero(_) => "除数为零".into(),
        E::RemainderByZero(_) => "取余时除数为零".into(),
        E::NotSupportedAsMethod { method, target } => {
            format!("`{method}` 不能用在{}上", value_kind(target))
        }
        E::FunctionError { function, message } => format!("函数 `{function}` 出错：{message}"),
        other => format!("表达式求值出错（{other}）"),
    }
}

/// How deeply list macros may nest: `t.exists(a, t.all(b, …))` is quadratic in the list's
/// length, each further level another factor. A shared pack must not be able to hang a run.
pub const MAX_COMPREHENSION_DEPTH: usize = 2;

/// The deepest nesting of list macros (`.all(`, `.exists(`, `.exists_one(`, `.map(`,
/// `.filter(`) in an expression, found by bracket depth (strings are skipped).
fn comprehension_depth(source: &str) -> usize {
    const MACROS: &[&str] = &[".all(", ".exists(", ".exists_one(", ".map(", ".filter("];
    // for each open bracket: does it open a macro?
    let mut stack: Vec<bool> = Vec::new();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    for (i, c) in source.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '(' => {
                let is_macro = MACROS.iter().any(|m| source[..=i].ends_with(m));
                if is_macro {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                stack.push(is_macro);
            }
            ')' => depth -= usize::from(stack.pop() == Some(true)),
            _ => {}
        }
    }
    deepest
}

/// Formats a number for a message: at most two decimals, no trailing zeros (14.47, 16, 0.5).
pub fn format_number(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(numbers: &[(&str, f64)], lists: &[(&str, &[f64])]) -> Vars {
        Vars {
            numbers: numbers.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            lists: lists
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_vec()))
                .collect(),
            texts: BTreeMap::new(),
        }
    }

    #[test]
    fn assertions_over_numbers_and_lists() {
        let e = Expr::compile(
            "abs(pct - part / total * 100.0) <= 0.06",
            &["pct", "part", "total"],
            &[],
            &[],
        )
        .unwrap();
        assert_eq!(
            e.eval(&vars(
                &[("pct", 14.47), ("part", 22.0), ("total", 152.0)],
                &[]
            )),
            Ok(Outcome::Bool(true))
        );
        assert_eq!(
            e.eval(&vars(
                &[("pct", 16.0), ("part", 22.0), ("total", 152.0)],
                &[]
            )),
            Ok(Outcome::Bool(false))
        );
        let s = Expr::compile("sum(parts) <= total", &["total"], &["parts"], &[]).unwrap();
        assert_eq!(
            s.eval(&vars(&[("total", 100.0)], &[("parts", &[60.0, 50.0])])),
            Ok(Outcome::Bool(false))
        );
        let x = Expr::compile(
            "totals.exists(t, t > part && abs(part / t * 100.0 - pct) <= 0.06)",
            &["part", "pct"],
            &["totals"],
            &[],
        )
        .unwrap();
        assert_eq!(
            x.eval(&vars(
                &[("part", 12.0), ("pct", 16.0)],
                &[("totals", &[79.0, 75.0, 12.0])]
            )),
            Ok(Outcome::Bool(true))
        );
        let m = Expr::compile(
            "totals.filter(t, t > part).map(t, part / t * 100.0)",
            &["part"],
            &["totals"],
            &[],
        )
        .unwrap();
        assert_eq!(
            m.eval(&vars(&[("part", 12.0)], &[("totals", &[75.0, 12.0])])),
            Ok(Outcome::List(vec![16.0]))
        );
    }

    #[test]
    fn mixing_int_and_double_is_caught_at_compile_time() {
        let e = Expr::compile("part / total * 100", &["part", "total"], &[], &[]).unwrap_err();
        assert!(e.contains("100.0"), "{e}");
        let e = Expr::compile("pct <= ", &["pct"], &[], &[]).unwrap_err();
        assert!(e.contains("Syntax error"), "{e}");
        let e = Expr::compile("pcx <= 100.0", &["pct"], &[], &[]).unwrap_err();
        assert!(e.contains("pcx"), "{e}");
    }

    #[test]
    fn number_formatting() {
        assert_eq!(format_number(14.473684), "14.47");
        assert_eq!(format_number(16.0), "16");
        assert_eq!(format_number(0.5), "0.5");
    }
}

#[cfg(test)]
mod depth_tests {
    use super::*;

    #[test]
    fn nested_list_macros_are_counted_and_refused_past_two() {
        assert_eq!(comprehension_depth("pct <= 100.0"), 0);
        assert_eq!(comprehension_depth("totals.exists(t, t > part)"), 1);
        assert_eq!(comprehension_depth("t.exists(a, t.all(b, a <= b))"), 2);
        assert_eq!(
            comprehension_depth("t.all(a, t.all(b, t.all(c, a + b > c)))"),
            3
        );
        assert_eq!(
            comprehension_depth("x.exists(a, a > 0.0) && y.all(b, b > 0.0)"),
            1
        );
        assert_eq!(comprehension_depth("name_text == \".all(\""), 0);
        let e =
            Expr::compile("t.all(a, t.all(b, t.all(c, a + b > c)))", &[], &["t"], &[]).unwrap_err();
        assert!(e.contains("嵌套了 3 层"), "{e}");
        assert!(Expr::compile("t.exists(a, t.all(b, a <= b))", &[], &["t"], &[]).is_ok());
    }
}
