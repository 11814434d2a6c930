// Marks the page as able to run GOV.UK Frontend's JavaScript, then starts its components.
(function () {
  var script = document.currentScript;
  document.body.classList.add("js-enabled");
  if (!("noModule" in HTMLScriptElement.prototype)) return;
  document.body.classList.add("govuk-frontend-supported");
  import(script.dataset.govukFrontend).then(function (govuk) { govuk.initAll(); });
})();
