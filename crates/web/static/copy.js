// Copy buttons of the ITAS submission sheet: each copies the box named by data-for. Without
// JavaScript the buttons stay hidden and the boxes are selected and copied by hand.
document.querySelectorAll("button.copy").forEach(function (b) {
  var box = document.getElementById(b.getAttribute("data-for"));
  if (!box) return;
  b.hidden = false;
  var label = b.textContent;
  var done = function () {
    b.textContent = b.getAttribute("data-done") || label;
    setTimeout(function () { b.textContent = label; }, 1500);
  };
  var byHand = function () {
    box.focus();
    box.select();
    try { document.execCommand("copy"); done(); } catch (e) { /* selected: Ctrl+C */ }
  };
  b.addEventListener("click", function () {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(box.value).then(done, byHand);
    } else {
      byHand();
    }
  });
});
