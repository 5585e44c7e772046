# claimwatch: build once, run as `start` (service + dashboard) or `worker`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json drizzle.config.ts ./
COPY src ./src
COPY bench ./bench
COPY eval ./eval
COPY scripts ./scripts
COPY test ./test
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production DATA_DIR=/data LOG_FORMAT=json
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY migrations ./migrations
COPY corpus ./corpus
COPY store-template ./store-template
COPY src/web/public ./src/web/public
RUN ln -s /app/dist/src/cli.js /usr/local/bin/claimwatch && chmod +x /app/dist/src/cli.js && mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["node", "/app/dist/src/cli.js"]
CMD ["start"]
