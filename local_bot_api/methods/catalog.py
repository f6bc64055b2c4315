"""Every Bot API method name (taken from python-telegram-bot 22.8's Bot class).

Used to tell a real method this server does not implement (400, so the gap is visible) from a
name Telegram itself does not know (404).
"""

from __future__ import annotations

_NAMES = """
    addStickerToSet answerCallbackQuery answerGuestQuery answerInlineQuery
    answerPreCheckoutQuery answerShippingQuery answerWebAppQuery approveChatJoinRequest
    approveSuggestedPost banChatMember banChatSenderChat close closeForumTopic
    closeGeneralForumTopic convertGiftToStars copyMessage copyMessages createChatInviteLink
    createChatSubscriptionInviteLink createForumTopic createInvoiceLink createNewStickerSet
    declineChatJoinRequest declineSuggestedPost deleteAllMessageReactions
    deleteBusinessMessages deleteChatPhoto deleteChatStickerSet deleteForumTopic deleteMessage
    deleteMessageReaction deleteMessages deleteMyCommands deleteStickerFromSet deleteStickerSet
    deleteStory deleteWebhook editChatInviteLink editChatSubscriptionInviteLink editForumTopic
    editGeneralForumTopic editMessageCaption editMessageChecklist editMessageLiveLocation
    editMessageMedia editMessageReplyMarkup editMessageText editStory editUserStarSubscription
    exportChatInviteLink forwardMessage forwardMessages getAvailableGifts
    getBusinessAccountGifts getBusinessAccountStarBalance getBusinessConnection getChat
    getChatAdministrators getChatGifts getChatMember getChatMemberCount getChatMenuButton
    getCustomEmojiStickers getFile getForumTopicIconStickers getGameHighScores
    getManagedBotAccessSettings getManagedBotToken getMe getMyCommands
    getMyDefaultAdministratorRights getMyDescription getMyName getMyShortDescription
    getMyStarBalance getStarTransactions getStickerSet getUpdates getUserChatBoosts
    getUserGifts getUserPersonalChatMessages getUserProfileAudios getUserProfilePhotos
    getWebhookInfo giftPremiumSubscription hideGeneralForumTopic leaveChat logOut
    pinChatMessage postStory promoteChatMember readBusinessMessage refundStarPayment
    removeBusinessAccountProfilePhoto removeChatVerification removeMyProfilePhoto
    removeUserVerification reopenForumTopic reopenGeneralForumTopic replaceManagedBotToken
    replaceStickerInSet repostStory restrictChatMember revokeChatInviteLink
    savePreparedInlineMessage savePreparedKeyboardButton sendAnimation sendAudio sendChatAction
    sendChecklist sendContact sendDice sendDocument sendGame sendGift sendInvoice sendLivePhoto
    sendLocation sendMediaGroup sendMessage sendMessageDraft sendPaidMedia sendPhoto sendPoll
    sendSticker sendVenue sendVideo sendVideoNote sendVoice setBusinessAccountBio
    setBusinessAccountGiftSettings setBusinessAccountName setBusinessAccountProfilePhoto
    setBusinessAccountUsername setChatAdministratorCustomTitle setChatDescription
    setChatMemberTag setChatMenuButton setChatPermissions setChatPhoto setChatStickerSet
    setChatTitle setCustomEmojiStickerSetThumbnail setGameScore setManagedBotAccessSettings
    setMessageReaction setMyCommands setMyDefaultAdministratorRights setMyDescription setMyName
    setMyProfilePhoto setMyShortDescription setPassportDataErrors setStickerEmojiList
    setStickerKeywords setStickerMaskPosition setStickerPositionInSet setStickerSetThumbnail
    setStickerSetTitle setUserEmojiStatus setWebhook stopMessageLiveLocation stopPoll
    transferBusinessAccountStars transferGift unbanChatMember unbanChatSenderChat
    unhideGeneralForumTopic unpinAllChatMessages unpinAllForumTopicMessages
    unpinAllGeneralForumTopicMessages unpinChatMessage upgradeGift uploadStickerFile verifyChat
    verifyUser
"""

# lower-case name -> canonical camelCase name, because Telegram matches method names
# case-insensitively.
BOT_API_METHODS: dict[str, str] = {name.lower(): name for name in _NAMES.split()}
