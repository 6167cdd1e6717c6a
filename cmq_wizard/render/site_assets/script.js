// cmq-wizard static page. It decides nothing: it follows the tree compiled by the Python engine
// (cmq_wizard/render/site.py), one answer at a time, and shows the result stored at the leaf.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("cmq-data").textContent);
  // Maps keyed by what a link says have no prototype: "#constructor=x" is just an unknown question.
  function map() { return Object.create(null); }
  var S = D.s, L = D.L, first = D.l, lang = first, mem = map(), started = false, qIndex = map();
  var app = document.getElementById("app"), live = document.getElementById("live");
  var sw = document.getElementById("lang");
  D.q.forEach(function (q, i) { qIndex[q[0]] = i; });

  function tx(p) { return p ? S[p[L.indexOf(lang)]] : ""; }
  function u(k, f) {
    f = f || {};
    return tx(D.u[k]).replace(/\{(\w+)\}/g, function (m, n) { return Object.prototype.hasOwnProperty.call(f, n) ? f[n] : m; });
  }
  function h(tag, at, kids) {
    var e = document.createElement(tag);
    for (var a in at || {}) {
      if (a === "text") e.textContent = at[a];
      else if (a === "on") e.addEventListener("click", at[a]);
      else e.setAttribute(a, at[a]);
    }
    (kids || []).forEach(function (k) { if (k) e.appendChild(typeof k === "string" ? document.createTextNode(k) : k); });
    return e;
  }
  function choiceAt(q, id) {
    for (var i = 0; i < q[3].length; i++) if (q[3][i][0] === id) return i;
    return -1;
  }
  function depth(n) {
    if (typeof n === "number") return 0;
    var m = 0;
    n[1].forEach(function (c) { m = Math.max(m, depth(c)); });
    return 1 + m;
  }
  function dec(s) { try { return decodeURIComponent(s.replace(/\+/g, " ")); } catch (e) { return s; } }

  /* The fragment (#profile=company&goal=join), walked down the tree as far as its answers go. */
  function read() {
    var given = map(), order = [], bad = [], l = null;
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      if (!kv) return;
      var i = kv.indexOf("="), k = dec(i < 0 ? kv : kv.slice(0, i)), v = i < 0 ? "" : dec(kv.slice(i + 1));
      if (k === "lang" && !(k in qIndex)) {
        if (L.indexOf(v) >= 0) l = v; else bad.push(["site.bad_lang", {value: v}]);
      } else if (!(k in qIndex)) {
        bad.push(["site.bad_question", {question: k}]);
      } else {
        if (!(k in given)) order.push(k);
        given[k] = v;
      }
    });
    var node = D.t, path = [], used = map();
    while (typeof node !== "number") {
      var q = D.q[node[0]], v = given[q[0]];
      if (v === undefined) break;
      var c = choiceAt(q, v);
      used[q[0]] = 1;
      if (c < 0) {
        bad.push(["site.bad_value", {value: v, question: q[1], choices: q[3].map(function (x) { return x[0]; }).join(", ")}]);
        break;
      }
      path.push([node[0], c]);
      node = node[1][c];
    }
    order.forEach(function (k) {
      var q = D.q[qIndex[k]];
      if (used[k]) return;
      if (typeof node === "number") bad.push(["site.ignored", {question: q[1]}]);
      else if (choiceAt(q, given[k]) >= 0 && !(k in mem)) mem[k] = given[k];
    });
    return {node: node, path: path, bad: bad, lang: l};
  }
  function fragment(path) {
    var parts = path.map(function (p) {
      var q = D.q[p[0]];
      return encodeURIComponent(q[0]) + "=" + encodeURIComponent(q[3][p[1]][0]);
    });
    if (lang !== first) parts.push("lang=" + lang);
    return "#" + parts.join("&");
  }
  function go(path) {
    var f = fragment(path);
    if (location.hash === f || (f === "#" && !location.hash)) render();
    else location.hash = f;
  }
  /* Earlier answers the path, as it now stands, still asks for; the others are dropped. */
  function keep(path, node) {
    var kept = map();
    path.forEach(function (p) { var q = D.q[p[0]]; kept[q[0]] = q[3][p[1]][0]; });
    while (typeof node !== "number") {
      var q = D.q[node[0]], c = choiceAt(q, mem[q[0]]);
      if (c < 0) break;
      kept[q[0]] = mem[q[0]];
      node = node[1][c];
    }
    mem = kept;
  }
  function nav(st, more) {
    var b = [];
    if (st.path.length) b.push(h("button", {type: "button", "class": "back", text: u("site.back"), on: function () { go(st.path.slice(0, -1)); }}));
    b = b.concat(more || []);
    if (st.path.length) b.push(h("button", {type: "button", "class": "restart", text: u("site.restart"), on: function () { mem = map(); go([]); }}));
    return h("div", {"class": "nav"}, b);
  }

  function question(st) {
    var q = D.q[st.node[0]];
    var hd = h("h2", {tabindex: "-1", id: "question"}, [
      h("span", {"class": "progress", text: u("site.progress", {n: st.path.length + 1, total: st.path.length + depth(st.node)})}),
      h("br"), tx(q[1])]);
    var list = h("ul", {"class": "choices"}, q[3].map(function (c, i) {
      var before = mem[q[0]] === c[0];
      var b = h("button", {type: "button", "class": "choice", "data-choice": c[0], on: function () {
        var path = st.path.concat([[st.node[0], i]]);
        mem[q[0]] = c[0];
        keep(path, st.node[1][i]);
        go(path);
      }}, [tx(c[1]), before ? h("small", {text: u("site.previous_answer")}) : null]);
      if (before) b.setAttribute("aria-current", "true");
      return h("li", {}, [b]);
    }));
    app.appendChild(h("fieldset", {"data-question": q[0]}, [h("legend", {}, [hd]),
      q[2] ? h("p", {"class": "help", text: tx(q[2])}) : null, list]));
    app.appendChild(nav(st));
    document.title = tx(q[1]) + " — " + tx(D.m[0]);
    return hd;
  }

  function result(st) {
    var x = D.x[st.node], v = D.v[x[0]];
    var hd = h("h2", {tabindex: "-1", id: "result"}, [h("span", {"aria-hidden": "true", text: v[2] + " "}), u("site.result", {verdict: tx(v[0])})]);
    var reasons = x[2].map(function (i) { return D.r[i][3]; }).filter(Boolean);
    app.appendChild(h("section", {"class": "verdict v-" + x[0], "data-verdict": x[0]}, [hd,
      h("p", {text: tx(v[1])}),
      h("ul", {"class": "outcomes"}, x[1].map(function (i) { return h("li", {"data-outcome": D.r[i][0], text: tx(D.r[i][2])}); })),
      reasons.length ? h("ul", {"class": "reasons"}, reasons.map(function (r) { return h("li", {text: tx(r)}); })) : null]));
    app.appendChild(h("h2", {text: u("view.your_answers")}));
    app.appendChild(h("dl", {"class": "answers"}, st.path.map(function (p, k) {
      var q = D.q[p[0]];
      return h("div", {}, [h("dt", {text: tx(q[1])}), h("dd", {text: tx(q[3][p[1]][1])}),
        h("dd", {}, [h("button", {type: "button", "class": "change", "data-question": q[0], "aria-label": u("site.change_label", {question: tx(q[1])}),
          text: u("site.change"), on: function () { go(st.path.slice(0, k)); }})])]);
    })));
    if (x[4].length) {
      app.appendChild(h("h2", {text: u("view.next_steps")}));
      app.appendChild(h("ol", {"class": "steps"}, x[4].map(function (s) { return h("li", {text: tx(s)}); })));
    }
    if (x[5].length) {
      app.appendChild(h("h2", {text: u("view.contacts")}));
      app.appendChild(h("ul", {"class": "contacts"}, x[5].map(function (i) {
        var c = D.c[i];
        return h("li", {}, [h("strong", {text: tx(c[1])}), c[2] ? " (" + tx(c[2]) + ")" : null]);
      })));
    }
    if (x[3].length) app.appendChild(h("h2", {text: u("view.faq")}));
    x[3].forEach(function (i) {
      var f = D.f[i];
      app.appendChild(h("h3", {text: tx(f[1])}));
      var paras = tx(f[2]).split("\n\n").filter(function (p) { return p.trim(); }).map(function (p) { return h("p", {text: p}); });
      if (f[3]) paras.push(h("p", {"class": "aside", text: tx(f[3])}));
      app.appendChild(h("blockquote", {"data-faq": f[0]}, paras));
    });
    app.appendChild(h("details", {"class": "why"}, [h("summary", {text: u("site.why")}),
      h("ul", {}, x[1].map(function (i) {
        var r = D.r[i], deciding = x[2].indexOf(i) >= 0 && (x[0] === "not_eligible" || x[0] === "conditional");
        var read = st.path.filter(function (p) { return r[4].indexOf(p[0]) >= 0; }).map(function (p) {
          var q = D.q[p[0]];
          return u("explain.answer", {question: tx(q[1]), answer: tx(q[3][p[1]][1])});
        });
        return h("li", {text: u(deciding ? "explain.deciding" : "explain.matched", {title: tx(r[2]), verdict: tx(D.v[r[1]][0]), answers: read.join(u("explain.separator"))})});
      }))]));
    if (D.w) app.appendChild(h("p", {"class": "address"}, [u("site.address") + " ", h("span", {text: D.w + fragment(st.path)})]));
    app.appendChild(nav(st, [h("button", {type: "button", "class": "print", text: u("site.print"), on: function () { window.print(); }})]));
    document.title = tx(v[0]) + " — " + tx(D.m[0]);
    live.textContent = "";
    setTimeout(function () { live.textContent = u("site.announce", {verdict: tx(v[0]), summary: tx(v[1])}); }, 50);
    return hd;
  }

  function render(stay) {
    var st = read();
    lang = st.lang || first;
    document.documentElement.lang = lang;
    document.querySelector("h1").textContent = tx(D.m[0]);
    document.querySelector(".org").textContent = tx(D.m[1]);
    document.querySelector("footer p").textContent = u("view.source");
    sw.textContent = u("site.switch");
    sw.setAttribute("lang", u("site.switch_lang"));
    app.textContent = "";
    if (st.bad.length) {
      app.appendChild(h("div", {"class": "alert", role: "alert"}, [h("p", {text: u("site.bad_link")}),
        h("ul", {}, st.bad.map(function (b) {
          var f = {};
          for (var n in b[1]) f[n] = typeof b[1][n] === "string" ? b[1][n] : tx(b[1][n]);
          return h("li", {text: u(b[0], f)});
        }))]));
      history.replaceState(null, "", fragment(st.path));
    }
    st.path.forEach(function (p) { var q = D.q[p[0]]; mem[q[0]] = q[3][p[1]][0]; });
    var hd = typeof st.node === "number" ? result(st) : question(st);
    if (typeof st.node !== "number") live.textContent = "";
    if (started && !stay) hd.focus();
    started = true;
  }

  sw.addEventListener("click", function () {
    lang = L[(L.indexOf(lang) + 1) % L.length];
    history.replaceState(null, "", fragment(read().path));
    render(true);
  });
  window.addEventListener("hashchange", function () { render(); });
  // The texts of the page's first language are written once, in the page without JavaScript.
  document.querySelectorAll("[data-s]").forEach(function (e) { S[+e.getAttribute("data-s")] = e.textContent; });
  var st = document.getElementById("static");
  if (st) st.parentNode.removeChild(st);
  app.hidden = false;
  sw.hidden = L.length < 2;
  render();
})();
