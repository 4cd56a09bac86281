import { render } from "preact";
import "prosemirror-view/style/prosemirror.css";
import "./styles.css";
import "./print.css";
import { App } from "./ui/App.js";
import { interceptLinks } from "./router.js";

const root = document.getElementById("app")!;
interceptLinks(document.body);
render(<App />, root);
