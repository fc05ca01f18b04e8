// "Use my location" on e-Service forms: fills the location field with the phone's position.
// Works without it too: the field takes "lat, lon" typed by hand.
document.querySelectorAll("button.locate").forEach(function (b) {
  b.addEventListener("click", function () {
    var input = document.getElementById(b.getAttribute("data-for"));
    if (!input || !navigator.geolocation) return;
    b.disabled = true;
    navigator.geolocation.getCurrentPosition(function (p) {
      input.value = p.coords.latitude.toFixed(6) + "," + p.coords.longitude.toFixed(6);
      b.disabled = false;
    }, function () { b.disabled = false; }, { enableHighAccuracy: true, timeout: 15000 });
  });
});
