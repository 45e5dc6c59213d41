<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows an RSS 2.0 or Atom 1.0 feed of {{ SITENAME }} as a page in a browser; feed readers ignore it. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/">
    <xsl:variable name="title" select="rss/channel/title | atom:feed/atom:title"/>
    <html lang="{{ DEFAULT_LANG }}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
        <link rel="stylesheet" href="{{ SITE.siteurl }}/{{ THEME_STATIC_DIR }}/css/site.css"/>
      </head>
      <body>
        <main id="main">
          <p class="feed-note">This is a <strong>web feed</strong>. Copy the address of this page
          into a feed reader to be told of every new item. <a href="{{ SITE.siteurl }}/feeds/">What is a feed, and all our feeds</a>.</p>
          <h1><xsl:value-of select="$title"/></h1>
          <p><xsl:value-of select="rss/channel/description | atom:feed/atom:subtitle"/></p>
          <ul class="feed-items">
            <xsl:for-each select="rss/channel/item">
              <li><a href="{link}"><xsl:value-of select="title"/></a> <xsl:text> </xsl:text><span class="card-meta"><xsl:value-of select="pubDate"/></span></li>
            </xsl:for-each>
            <xsl:for-each select="atom:feed/atom:entry">
              <li><a href="{atom:link[@rel='alternate' or not(@rel)]/@href}"><xsl:value-of select="atom:title"/></a> <xsl:text> </xsl:text><span class="card-meta"><xsl:value-of select="substring(atom:published, 1, 10)"/></span></li>
            </xsl:for-each>
          </ul>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
