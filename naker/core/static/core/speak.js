/* "Dengarkan": reads a part of the page aloud with the phone's own speech engine (Web Speech API),
   in an Indonesian voice. The button (rendered hidden) is shown only where the browser has an
   Indonesian voice; voices often arrive a moment after the page, so "voiceschanged" is heard too.
   <div class="speak" hidden><button data-speak="#target" data-stop="Berhenti">Dengarkan</button>
   <select data-speak-rate>…</select></div> */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  if (!synth || !window.SpeechSynthesisUtterance) { return; }
  var boxes = document.querySelectorAll(".speak[hidden]");
  if (!boxes.length) { return; }
  var voice = null;

  function indonesian() {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (/^(id|in)([-_]|$)/i.test(voices[i].lang || "")) { return voices[i]; }
    }
    return null;
  }

  function reset(button) { button.textContent = button.getAttribute("data-listen"); button.setAttribute("aria-pressed", "false"); }

  function setup() {
    if (voice) { return; }
    voice = indonesian();
    if (!voice) { return; }
    boxes.forEach(function (box) {
      var button = box.querySelector("[data-speak]");
      var rate = box.querySelector("[data-speak-rate]");
      var target = document.querySelector(button.getAttribute("data-speak"));
      if (!target) { return; }
      button.setAttribute("data-listen", button.textContent);
      box.hidden = false;
      button.addEventListener("click", function () {
        if (button.getAttribute("aria-pressed") === "true") {
          synth.cancel();
          reset(button);
          return;
        }
        synth.cancel();
        var say = new SpeechSynthesisUtterance(target.innerText);
        say.lang = voice.lang || "id-ID";
        try { say.voice = voice; } catch (e) { /* a voice object from elsewhere: the language is enough */ }
        say.rate = parseFloat(rate ? rate.value : "1") || 1;
        say.onend = say.onerror = function () { reset(button); };
        button.textContent = button.getAttribute("data-stop");
        button.setAttribute("aria-pressed", "true");
        synth.speak(say);
      });
    });
  }

  setup();
  if (!voice) {
    if (synth.addEventListener) { synth.addEventListener("voiceschanged", setup); } else { synth.onvoiceschanged = setup; }
  }
}());
