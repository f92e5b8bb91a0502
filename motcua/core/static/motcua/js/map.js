// The service points on a Leaflet map; the list below the map stays the way to read them without it.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("service-map");
  if (!box || typeof L === "undefined") return;
  const config = JSON.parse(document.getElementById("map-config").textContent);
  const points = JSON.parse(document.getElementById("map-points").textContent).filter((p) => p.lat !== null);
  box.hidden = false;
  const map = L.map(box).setView(config.centre, config.zoom);
  // The tiles' attribution must stay readable: bottom right is where the assistant's button floats.
  map.attributionControl.setPosition("bottomleft");
  L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
  const markers = points.map((p) => {
    const popup = document.createElement("div");
    const title = document.createElement("a");
    title.href = "#diem-" + p.code;
    title.textContent = p.name;
    popup.append(title, document.createElement("br"), p.address || "Địa chỉ chưa cập nhật", document.createElement("br"), p.procedures + " thủ tục");
    return L.marker([p.lat, p.lon], { title: p.name, alt: p.name }).bindPopup(popup).addTo(map);
  });
  if (markers.length) map.fitBounds(L.featureGroup(markers).getBounds().pad(0.05));
});
