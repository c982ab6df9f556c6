/* The release editor: language tabs, and a small rich-text field (contenteditable with a
   toolbar) over each "rich-text" textarea. The textarea stays the form's field: the editor
   writes its HTML back on every change, and the server sanitises whatever arrives. Without
   JavaScript the textareas are edited as HTML. No library, no CDN. */
(function () {
  "use strict";

  var labels = {
    en: { bold: "Bold", italic: "Italic", h2: "Heading", h3: "Subheading", ul: "Bulleted list", ol: "Numbered list", quote: "Quote", link: "Link", unlink: "Remove link", clear: "Plain text", source: "HTML", url: "Link address (https://…)" },
    "zh-hans": { bold: "加粗", italic: "斜体", h2: "标题", h3: "小标题", ul: "项目列表", ol: "编号列表", quote: "引用", link: "链接", unlink: "取消链接", clear: "清除格式", source: "HTML", url: "链接地址（https://…）" },
    ja: { bold: "太字", italic: "斜体", h2: "見出し", h3: "小見出し", ul: "箇条書き", ol: "番号付きリスト", quote: "引用", link: "リンク", unlink: "リンク解除", clear: "書式をクリア", source: "HTML", url: "リンク先（https://…）" }
  };
  var ui = labels[(document.documentElement.lang || "en").toLowerCase()] || labels.en;

  function tabs() {
    var buttons = document.querySelectorAll("[data-tab]");
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        buttons.forEach(function (b) {
          var on = b === button;
          b.setAttribute("aria-selected", on ? "true" : "false");
          document.getElementById("panel-" + b.dataset.tab).hidden = !on;
        });
      });
    });
  }

  var tools = [
    ["bold", "B", function () { document.execCommand("bold"); }],
    ["italic", "I", function () { document.execCommand("italic"); }],
    null,
    ["h2", "H2", function () { document.execCommand("formatBlock", false, "h2"); }],
    ["h3", "H3", function () { document.execCommand("formatBlock", false, "h3"); }],
    ["quote", "❝", function () { document.execCommand("formatBlock", false, "blockquote"); }],
    null,
    ["ul", "•", function () { document.execCommand("insertUnorderedList"); }],
    ["ol", "1.", function () { document.execCommand("insertOrderedList"); }],
    null,
    ["link", null, function () {
      var url = window.prompt(ui.url, "https://");
      if (url && /^(https?:|mailto:|\/)/i.test(url)) { document.execCommand("createLink", false, url); }
    }],
    ["unlink", null, function () { document.execCommand("unlink"); }],
    ["clear", "T̸", function () { document.execCommand("removeFormat"); document.execCommand("formatBlock", false, "p"); }]
  ];

  function richText(textarea) {
    var box = document.createElement("div");
    box.className = "rte";
    var bar = document.createElement("div");
    bar.className = "rte-toolbar";
    bar.setAttribute("role", "toolbar");
    var area = document.createElement("div");
    area.className = "rte-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    var label = document.querySelector("label[for='" + textarea.id + "']");
    if (label) {
      area.setAttribute("aria-label", label.textContent);
      label.addEventListener("click", function () { area.focus(); });
    }
    area.innerHTML = textarea.value;
    var source = false;

    function sync() { if (!source) { textarea.value = area.innerHTML; } }

    tools.forEach(function (tool) {
      if (!tool) {
        var sep = document.createElement("span");
        sep.className = "sep";
        bar.appendChild(sep);
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = tool[1] || ui[tool[0]];
      button.title = ui[tool[0]];
      button.setAttribute("aria-label", ui[tool[0]]);
      button.addEventListener("mousedown", function (e) { e.preventDefault(); });
      button.addEventListener("click", function () {
        if (source) { return; }
        area.focus();
        tool[2]();
        sync();
      });
      bar.appendChild(button);
    });
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.textContent = "</>";
    toggle.title = ui.source;
    toggle.setAttribute("aria-label", ui.source);
    toggle.setAttribute("aria-pressed", "false");
    toggle.style.marginLeft = "auto";
    toggle.addEventListener("click", function () {
      source = !source;
      toggle.setAttribute("aria-pressed", source ? "true" : "false");
      if (source) {
        textarea.value = area.innerHTML;
        area.hidden = true;
        textarea.hidden = false;
        textarea.focus();
      } else {
        area.innerHTML = textarea.value;
        textarea.hidden = true;
        area.hidden = false;
      }
    });
    bar.appendChild(toggle);

    area.addEventListener("input", sync);
    area.addEventListener("blur", sync);
    // Pasted text arrives as plain text: formatting from other sites (and what hides in it)
    // stays out.
    area.addEventListener("paste", function (e) {
      e.preventDefault();
      var text = (e.clipboardData || window.clipboardData).getData("text/plain");
      document.execCommand("insertText", false, text);
    });
    document.execCommand("defaultParagraphSeparator", false, "p");

    textarea.classList.add("rte-source");
    textarea.hidden = true;
    textarea.parentNode.insertBefore(box, textarea);
    box.appendChild(bar);
    box.appendChild(area);
    box.appendChild(textarea);
    if (textarea.form) { textarea.form.addEventListener("submit", sync); }
  }

  function start() {
    tabs();
    document.querySelectorAll("textarea.rich-text").forEach(richText);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
