namespace PartnerBot.Web.Playground;

/// <summary>The playground's one page. Nothing from the request is written into it, so it needs no encoding.</summary>
internal static class PlaygroundPage
{
    public static string Html(bool webChatInstalled) => webChatInstalled ? Page : Page.Replace(
        "<main id=\"webchat\" role=\"main\"></main>",
        "<main id=\"webchat\" role=\"main\"><p class=\"problem\">Web Chat is not installed. Run <code>npm ci</code> at the repository root (./run.sh does it for you), then reload.</p></main>",
        StringComparison.Ordinal);

    private const string Page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>PartnerBot playground</title>
          <style>
            html, body { height: 100%; margin: 0; font-family: "Segoe UI", system-ui, sans-serif; background: #f5f5f5; }
            body { display: flex; flex-direction: column; }
            header { padding: 0.6rem 1rem; background: #464775; color: #fff; display: flex; flex-wrap: wrap; gap: 0.4rem 1.5rem; align-items: baseline; }
            header h1 { font-size: 1.1rem; margin: 0; }
            header p { margin: 0; font-size: 0.9rem; opacity: 0.9; flex: 1 1 20rem; }
            header label { font-size: 0.9rem; }
            header input { font: inherit; padding: 0.1rem 0.3rem; width: 10rem; }
            #webchat { flex: 1; min-height: 0; max-width: 60rem; width: 100%; margin: 0 auto; background: #fff; }
            .problem { padding: 1rem; color: #a4262c; }
          </style>
        </head>
        <body>
          <header>
            <h1>PartnerBot playground</h1>
            <p>This is the development playground: you are chatting with the bot running on this machine, through the same pipeline Teams uses. It is not available in production.</p>
            <label>Your name <input id="name" autocomplete="name"></label>
          </header>
          <main id="webchat" role="main"></main>
          <script src="/playground/webchat.js"></script>
          <script>
            (async function () {
              const host = document.getElementById('webchat');
              const fail = (text) => { host.innerHTML = ''; const p = document.createElement('p'); p.className = 'problem'; p.textContent = text; host.appendChild(p); };
              if (!window.WebChat) { return; }

              // One stable identity per browser, so the bot remembers you across reloads and restarts.
              const key = 'partnerbot.playground.user';
              let user = null;
              try { user = JSON.parse(localStorage.getItem(key) || 'null'); } catch (e) { user = null; }
              if (!user || !user.id) {
                const random = window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
                user = { id: 'dl_' + random, name: 'Playground user' };
                localStorage.setItem(key, JSON.stringify(user));
              }

              const nameInput = document.getElementById('name');
              nameInput.value = user.name;
              nameInput.addEventListener('change', () => {
                const name = nameInput.value.trim();
                if (name && name !== user.name) {
                  user.name = name;
                  localStorage.setItem(key, JSON.stringify(user));
                  location.reload();
                }
              });

              const domain = location.origin + '/v3/directline';
              let token;
              try {
                const response = await fetch(domain + '/tokens/generate', { method: 'POST' });
                if (!response.ok) { throw new Error('HTTP ' + response.status); }
                token = (await response.json()).token;
              } catch (e) {
                fail('Could not start a conversation with the bot (' + e.message + '). Is it still running?');
                return;
              }

              window.WebChat.renderWebChat({
                directLine: window.WebChat.createDirectLine({ domain, token, webSocket: false, pollingInterval: 500 }),
                userID: user.id,
                username: user.name,
                locale: 'en-US',
                styleOptions: { botAvatarInitials: 'PB', userAvatarInitials: user.name.slice(0, 2).toUpperCase(), hideUploadButton: true }
              }, host);
              host.querySelector('input[type="text"], textarea')?.focus();
            })();
          </script>
        </body>
        </html>
        """;
}
