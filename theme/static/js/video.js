// Recordings: turn the placeholder into the provider's player, only when the reader asks.
// Without this script the figure keeps its plain link to the recording.
for (const figure of document.querySelectorAll("figure.video[data-video-embed]")) {
  const button = figure.querySelector(".video-play");
  button.hidden = false;
  button.addEventListener("click", () => {
    const frame = document.createElement("iframe");
    frame.src = figure.dataset.videoEmbed;
    frame.title = figure.dataset.videoTitle;
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    figure.querySelector(".video-frame").replaceChildren(frame);
    frame.focus();
  });
}
