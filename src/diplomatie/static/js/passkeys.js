// Passkeys (WebAuthn) without inline script: a button `data-passkey="register|sign-in|signature"`
// inside a form asks the server for options (POST to `data-options-url`), lets the browser
// create or use the passkey, puts the answer (JSON) in the form's hidden `passkey` field
// and submits the form. The server verifies everything; this file only carries bytes.
(function () {
  "use strict";

  function fromB64url(text) {
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const padded = b64 + "===".slice((b64.length + 3) % 4);
    const raw = atob(padded);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes.buffer;
  }

  function toB64url(buffer) {
    const bytes = new Uint8Array(buffer);
    let raw = "";
    for (let i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (c) {
      return { type: c.type, id: fromB64url(c.id), transports: c.transports };
    });
  }

  async function options(button, form) {
    const body = new FormData();
    body.append("purpose", button.dataset.passkey);
    const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    const response = await fetch(button.dataset.optionsUrl, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": token },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error("options " + response.status);
    return response.json();
  }

  async function create(opts) {
    opts.challenge = fromB64url(opts.challenge);
    opts.user.id = fromB64url(opts.user.id);
    opts.excludeCredentials = descriptors(opts.excludeCredentials);
    const cred = await navigator.credentials.create({ publicKey: opts });
    return {
      id: cred.id,
      rawId: toB64url(cred.rawId),
      type: cred.type,
      response: {
        clientDataJSON: toB64url(cred.response.clientDataJSON),
        attestationObject: toB64url(cred.response.attestationObject),
        transports: cred.response.getTransports ? cred.response.getTransports() : [],
      },
      clientExtensionResults: cred.getClientExtensionResults(),
      authenticatorAttachment: cred.authenticatorAttachment || undefined,
    };
  }

  async function get(opts) {
    opts.challenge = fromB64url(opts.challenge);
    opts.allowCredentials = descriptors(opts.allowCredentials);
    const cred = await navigator.credentials.get({ publicKey: opts });
    return {
      id: cred.id,
      rawId: toB64url(cred.rawId),
      type: cred.type,
      response: {
        clientDataJSON: toB64url(cred.response.clientDataJSON),
        authenticatorData: toB64url(cred.response.authenticatorData),
        signature: toB64url(cred.response.signature),
        userHandle: cred.response.userHandle ? toB64url(cred.response.userHandle) : null,
      },
      clientExtensionResults: cred.getClientExtensionResults(),
      authenticatorAttachment: cred.authenticatorAttachment || undefined,
    };
  }

  function setUp(button) {
    const form = button.form;
    const status = form.querySelector("[data-passkey-status]");
    const field = form.querySelector("input[name$=passkey]");
    if (!window.PublicKeyCredential || !navigator.credentials || !field) {
      if (status && status.dataset.unsupported) status.textContent = status.dataset.unsupported;
      return;
    }
    button.hidden = false;
    button.addEventListener("click", async function () {
      button.disabled = true;
      try {
        const opts = await options(button, form);
        const answer = button.dataset.passkey === "register" ? await create(opts) : await get(opts);
        field.value = JSON.stringify(answer);
        form.submit();
      } catch (error) {
        button.disabled = false;
        if (status) status.textContent = status.dataset.failed || String(error);
      }
    });
  }

  document.querySelectorAll("button[data-passkey]").forEach(setUp);
})();
