"""QGIS styles (QML, with an SLD twin) that colour polities by id, for the GeoPackage `layer_styles` table."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from sovsplit.model.scenario import Polity

OUTLINE = "#333333"


def _rgba(colour: str) -> str:
    colour = colour.lstrip("#")
    return ",".join(str(int(colour[i : i + 2], 16)) for i in (0, 2, 4)) + ",255"


def categorized_qml(polities: list[Polity], field: str = "id", label_field: str = "name") -> str:
    """A categorized renderer on `field`: one solid fill per polity in its colour, labels from `label_field`."""
    categories, symbols = [], []
    for n, polity in enumerate(polities):
        categories.append(
            f'      <category render="true" symbol="{n}" value={quoteattr(polity.id)} label={quoteattr(polity.name)}/>'
        )
        symbols.append(
            f"""      <symbol type="fill" name="{n}" alpha="0.85" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <prop k="color" v="{_rgba(polity.colour)}"/>
          <prop k="style" v="solid"/>
          <prop k="outline_color" v="{_rgba(OUTLINE)}"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.4"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="joinstyle" v="round"/>
        </layer>
      </symbol>"""
        )
    return f"""<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0-Białowieża" styleCategories="Symbology|Labeling" labelsEnabled="1">
  <renderer-v2 type="categorizedSymbol" attr={quoteattr(field)} symbollevels="0" enableorderby="0" forceraster="0">
    <categories>
{chr(10).join(categories)}
    </categories>
    <symbols>
{chr(10).join(symbols)}
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName={quoteattr(label_field)} isExpression="0" fontSize="10" fontWeight="75" textColor="20,20,20,255">
        <text-buffer bufferDraw="1" bufferSize="1" bufferSizeUnits="MM" bufferColor="255,255,255,255"/>
      </text-style>
      <placement placement="0"/>
    </settings>
  </labeling>
</qgis>
"""


def categorized_sld(layer: str, polities: list[Polity], field: str = "id") -> str:
    """The same colours as an SLD 1.1 document (QGIS keeps both; other tools read the SLD)."""
    rules = "\n".join(
        f"""        <se:Rule>
          <se:Name>{_text(p.name)}</se:Name>
          <ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>{_text(field)}</ogc:PropertyName><ogc:Literal>{_text(p.id)}</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter>
          <se:PolygonSymbolizer>
            <se:Fill><se:SvgParameter name="fill">{p.colour}</se:SvgParameter></se:Fill>
            <se:Stroke><se:SvgParameter name="stroke">{OUTLINE}</se:SvgParameter><se:SvgParameter name="stroke-width">1</se:SvgParameter></se:Stroke>
          </se:PolygonSymbolizer>
        </se:Rule>"""
        for p in polities
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc" xmlns:se="http://www.opengis.net/se" version="1.1.0">
  <NamedLayer>
    <se:Name>{_text(layer)}</se:Name>
    <UserStyle>
      <se:Name>{_text(layer)}</se:Name>
      <se:FeatureTypeStyle>
{rules}
      </se:FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
"""


def _text(value: str) -> str:
    return quoteattr(value)[1:-1]
