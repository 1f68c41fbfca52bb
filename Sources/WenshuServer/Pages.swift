import Foundation
import WenshuAnalysis

/// The server's own pages: the form to submit a draft, and the page for an error. Each is
/// self-contained (inline style, no script, nothing fetched).
enum Pages {
    /// The form; `language` is the report language it offers first.
    static func index(structures: [String], maxUploadBytes: Int, storeNote: String?, language: ReportLanguage = .zh) -> String {
        let options = structures.map { "<option value=\"\(esc($0))\">\(esc($0))</option>" }.joined(separator: "\n")
        let languages = [(ReportLanguage.zh, "中文"), (.en, "English（英文）")].map { l, name in
            "<option value=\"\(l.rawValue)\"\(l == language ? " selected" : "")>\(name)</option>"
        }.joined(separator: "\n")
        return """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Wenshu 文书检查</title>
        <style>\(css)</style>
        </head>
        <body>
        <header>
        <h1>Wenshu 文书检查</h1>
        <p class="lead">检查工作总结、工作计划、工作报告的草稿：是否缺少必备部分（成绩、存在问题、下一步打算……）、序号是否断号重号、是否留有模板痕迹（xx县、20xx年、网页残留、伪原创词语）。</p>
        </header>
        <main>
        <form method="post" action="/check" enctype="multipart/form-data" accept-charset="utf-8">
        <section class="box">
        <h2><label for="text">粘贴文稿</label></h2>
        <textarea id="text" name="text" rows="16" placeholder="在此粘贴文稿全文（含标题），例如：&#10;&#10;某某县政协2021年工作总结&#10;&#10;一、主要工作和成绩&#10;……"></textarea>
        </section>
        <section class="box">
        <h2><label for="file">或上传文件</label></h2>
        <input id="file" name="file" type="file" accept=".txt,.docx,.doc,.wps,.odt,.rtf,.pdf,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/msword,application/pdf">
        <p class="hint">支持 .txt（UTF-8、UTF-16、GB18030/GBK，自动识别编码）、Word .docx，以及 .doc、.wps、.odt、.rtf（经 LibreOffice 转换）和 .pdf（读取文字层，扫描件不能检查）。文件不超过 \(megabytes(maxUploadBytes))。选择了文件时，以文件为准。</p>
        </section>
        <section class="box row">
        <label for="structure">文书类型</label>
        <select id="structure" name="structure">
        <option value="" selected>按标题自动判断</option>
        \(options)
        </select>
        <label for="lang">报告语言</label>
        <select id="lang" name="lang">
        \(languages)
        </select>
        <button type="submit">检查</button>
        </section>
        </form>
        <section class="about">
        <h2>检查报告包括</h2>
        <ul>
        <li><b>结构完整性</b>：按文书类型核对各部分（有、缺、空、顺序错）；</li>
        <li><b>序号</b>：断号（一、之后是四、）、重新编号、重复、层级混用；</li>
        <li><b>模板痕迹</b>：占位符（xx县、20xx年、××镇）、网页残留文字、防复制水印字符、伪原创替换词、重复句子、套话密度；</li>
        <li><b>年份与主题</b>：文中年份、占位年份、各主题所占比重。</li>
        </ul>
        \(storeNote.map { "<p class=\"hint\">\(esc($0))</p>" } ?? "")
        <p class="hint">文稿只在本机分析，不保存、不外传。程序接口：<code>POST /api/check</code>（JSON），<code>GET /api/health</code>。</p>
        </section>
        </main>
        </body>
        </html>

        """
    }

    static func error(_ e: ServeError) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>无法检查 — Wenshu 文书检查</title>
        <style>\(css)</style>
        </head>
        <body>
        <header><h1>Wenshu 文书检查</h1></header>
        <main>
        <section class="box error">
        <h2>无法检查：\(esc(headline(e.code)))</h2>
        <p class="msg">\(esc(e.message))</p>
        <p class="hint">HTTP \(e.status.code) · <code>\(esc(e.code))</code></p>
        </section>
        <p><a class="back" href="/">← 返回，重新提交</a></p>
        </main>
        </body>
        </html>

        """
    }

    /// The Chinese headline for an error code.
    static func headline(_ code: String) -> String {
        switch code {
        case "empty-text": return "没有文字（文稿为空）"
        case "binary-file": return "这不是文本文件"
        case "invalid-utf8": return "文字编码有误（不是有效的 UTF-8）"
        case "undecodable-text", "unknown-encoding": return "无法识别文件的文字编码"
        case "too-large": return "文件太大"
        case "unreadable-file": return "文件无法读取"
        case "unsupported-file-type": return "不支持这种文件类型"
        case "malformed-multipart": return "提交的表单数据不完整"
        case "missing-file": return "没有收到文稿"
        case "unknown-structure": return "没有这种文书类型"
        case "busy": return "服务器正忙，请稍后再试"
        default: return "请求有误"
        }
    }

    /// The back link put at the top of a report served by /check, in the report's language.
    static func backLink(_ language: ReportLanguage) -> String {
        let text = language == .zh ? "← 返回，检查另一篇" : "← Back: check another draft"
        return """
            <nav style="font: 15px/1.6 sans-serif; margin: 0 0 1rem; padding: .5rem .8rem; background: #f6f6f8; border-radius: .4rem;" class="serve-nav no-print"><a href="/">\(text)</a></nav>

            """
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MB" : String(format: "%.1f MB", Double(bytes) / Double(1 << 20))
    }

    static func esc(_ s: String) -> String { HTMLReport.esc(s) }

    static let css = """

    :root { --ink: #1d1d1f; --muted: #6b6b70; --line: #d9d9de; --panel: #f6f6f8; --accent: #1a4c8b;
      --sans: "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "PingFang SC", "Hiragino Sans GB",
              "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans SC", system-ui, sans-serif;
      --serif: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "STSong", "SimSun", var(--sans), serif; }
    * { box-sizing: border-box; }
    body { margin: 0 auto; max-width: 60rem; padding: 1.5rem 2rem 3rem; font: 16px/1.65 var(--sans); color: var(--ink); background: #fff; }
    h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
    h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
    .lead { color: var(--muted); margin: 0 0 1.2rem; }
    .box { background: var(--panel); border-radius: .5rem; padding: .9rem 1.1rem; margin: 0 0 1rem; }
    .box.row { display: flex; align-items: center; gap: .8rem; flex-wrap: wrap; }
    textarea { width: 100%; min-height: 18rem; font: 1rem/1.8 var(--serif); padding: .6rem .8rem; border: 1px solid var(--line); border-radius: .3rem; resize: vertical; background: #fff; }
    textarea:focus, select:focus, input:focus, button:focus { outline: 2px solid var(--accent); outline-offset: 1px; }
    input[type=file] { font: inherit; }
    select { font: inherit; padding: .3rem .5rem; border: 1px solid var(--line); border-radius: .3rem; background: #fff; }
    button { font: inherit; font-weight: bold; padding: .45rem 2.2rem; border: 0; border-radius: .3rem; background: var(--accent); color: #fff; cursor: pointer; margin-left: auto; }
    button:hover { background: #123a6c; }
    .hint { color: var(--muted); font-size: .88rem; margin: .4rem 0 0; }
    .about { font-size: .95rem; } .about ul { padding-left: 1.3rem; margin: .3rem 0 .6rem; }
    code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85em; }
    .error { border-left: 5px solid #b3261e; } .error h2 { color: #8c1d18; } .error .msg { overflow-wrap: anywhere; }
    a.back { color: var(--accent); }

    """
}
