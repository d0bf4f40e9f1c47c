// GOV.UK Frontend's components (error summary focus, notification banners): started here, never inline.
import { initAll } from "./govuk/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();
